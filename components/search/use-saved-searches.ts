"use client";

import { useCallback, useEffect, useState } from "react";
import { readSaved, removeSaved } from "@/components/search/search-history";
import { ApiError, callApi } from "@/components/ui/call-api";
import { parseSearchUrl, toSearchRequest } from "@/lib/chart/search-url";
import type { SavedSearchSummary } from "@/lib/saved-searches/saved-search-schema";

/** The server's saved searches of the signed-in user; `signedIn` false when the API asks for a sign-in (401). */
export type ServerSaved = { signedIn: boolean | null; items: SavedSearchSummary[]; imported: number };

const IMPORTED_KEY = "patternscope-saved-imported";

/**
 * Moves the browser's saved searches to the account, once, in one all-or-nothing import (searches already saved
 * are skipped; the model search cannot be saved and stays in the browser). Returns how many moved.
 */
async function importBrowserList(): Promise<number> {
  if (localStorage.getItem(IMPORTED_KEY)) return 0;
  const movable = readSaved().flatMap((local) => {
    const state = parseSearchUrl(new URL(local.url, window.location.origin).searchParams);
    const request = toSearchRequest(state);
    return request && state.options.method !== "model" ? [{ local, search: { name: local.label, request } }] : [];
  });
  if (movable.length === 0) return 0;
  try {
    await callApi("/api/saved-searches/import", { method: "POST", json: { searches: movable.map((m) => m.search) } });
  } catch {
    // kept in the browser (the list still shows them); tried again on the next visit
    return 0;
  }
  localStorage.setItem(IMPORTED_KEY, new Date().toISOString());
  for (const { local } of movable) removeSaved(local.id);
  return movable.length;
}

export function useSavedSearches() {
  const [state, setState] = useState<ServerSaved>({ signedIn: null, items: [], imported: 0 });

  const reload = useCallback(async () => {
    try {
      const { savedSearches } = await callApi<{ savedSearches: SavedSearchSummary[] }>("/api/saved-searches");
      setState((s) => ({ ...s, signedIn: true, items: savedSearches }));
      return true;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) setState((s) => ({ ...s, signedIn: false }));
      return false;
    }
  }, []);

  useEffect(() => {
    let live = true;
    void (async () => {
      if (!(await reload()) || !live) return;
      const imported = await importBrowserList();
      if (imported && live) {
        setState((s) => ({ ...s, imported }));
        await reload();
      }
    })();
    return () => {
      live = false;
    };
  }, [reload]);

  const save = useCallback(
    /** Saves on the account; returns the webhook's secret (the only time the server shows it), or null. */
    async ({ name, request, webhookUrl }: { name: string; request: Record<string, unknown>; webhookUrl?: string }): Promise<string | null> => {
      const { webhookSecret } = await callApi<{ webhookSecret: string | null }>("/api/saved-searches", { method: "POST", json: { name, request, ...(webhookUrl ? { webhookUrl } : {}) } });
      await reload();
      return webhookSecret;
    },
    [reload],
  );

  const remove = useCallback(
    async (id: string) => {
      await callApi(`/api/saved-searches/${encodeURIComponent(id)}`, { method: "DELETE" });
      await reload();
    },
    [reload],
  );

  /** The matches new since the user last looked at this saved search (then marks it seen). */
  const openSeen = useCallback(async (id: string): Promise<Set<string> | null> => {
    try {
      const { savedSearch } = await callApi<{ savedSearch: { history: { symbol: string; start: string; end: string; isNew: boolean }[] } }>(`/api/saved-searches/${encodeURIComponent(id)}`);
      await callApi(`/api/saved-searches/${encodeURIComponent(id)}/seen`, { method: "POST" });
      return new Set(savedSearch.history.filter((m) => m.isNew).map((m) => `${m.symbol}|${m.start}|${m.end}`));
    } catch {
      return null;
    }
  }, []);

  return { ...state, reload, save, remove, openSeen };
}
