"use client";

import type { SearchResult } from "@/lib/search/types";

/** A failed search: the API's message and, when it names one, the request field it concerns. */
export type SearchError = { status: number; message: string; field?: string };

type Envelope = { error?: { message?: string; details?: { field?: string; issues?: { path?: string }[] } } };

/** POST /api/search; throws a SearchError (status 0: the server could not be reached), rethrows an abort. */
export async function postSearch(body: Record<string, unknown>, signal: AbortSignal): Promise<SearchResult> {
  let res: Response;
  try {
    res = await fetch("/api/search", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw { status: 0, message: "Could not reach the server. Check that Patternscope is running and try again." } satisfies SearchError;
  }
  const json = (await res.json().catch(() => null)) as (SearchResult & Envelope) | null;
  if (!res.ok) {
    const details = json?.error?.details;
    throw { status: res.status, message: json?.error?.message ?? `The search failed (HTTP ${res.status}).`, field: details?.field ?? details?.issues?.[0]?.path } satisfies SearchError;
  }
  return json as SearchResult;
}
