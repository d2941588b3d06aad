"use client";

import { useSyncExternalStore } from "react";
import { readRecent, readSaved, type RecentSearch, type SavedSearch } from "@/components/search/search-history";

type History = { recent: RecentSearch[]; saved: SavedSearch[] };

// History lives in localStorage; this store re-reads it when it changes (this tab's writes and other tabs').
const EMPTY: History = { recent: [], saved: [] };
let snapshot = EMPTY;
let snapshotRaw = "";

function subscribe(cb: () => void) {
  window.addEventListener("patternscope-history", cb);
  window.addEventListener("storage", cb);
  return () => {
    window.removeEventListener("patternscope-history", cb);
    window.removeEventListener("storage", cb);
  };
}

function read(): History {
  const recent = readRecent();
  const saved = readSaved();
  const raw = JSON.stringify([recent, saved]);
  if (raw !== snapshotRaw) {
    snapshotRaw = raw;
    snapshot = { recent, saved };
  }
  return snapshot;
}

/** The browser's recent and saved searches, kept current. */
export function useSearchHistory(): History {
  return useSyncExternalStore(subscribe, read, () => EMPTY);
}
