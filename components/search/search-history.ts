"use client";

/** Recent and saved searches live in the browser (localStorage): personal, and no account needed. */
export type RecentSearch = { url: string; label: string; at: string };
export type SavedSearch = { id: string; url: string; label: string; savedAt: string; lastRunAt: string | null; seen: string[] };

const RECENT_KEY = "patternscope-recent-searches";
const SAVED_KEY = "patternscope-saved-searches";

function read<T>(key: string): T[] {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? "[]");
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function write<T>(key: string, items: T[]) {
  try {
    localStorage.setItem(key, JSON.stringify(items));
    window.dispatchEvent(new Event("patternscope-history"));
  } catch {
    // Storage full or disabled: history is a convenience, the search itself still works.
  }
}

export function matchKey(m: { symbol: string; start: string; end: string }): string {
  return `${m.symbol}|${m.start}|${m.end}`;
}

export function readRecent(): RecentSearch[] {
  return read<RecentSearch>(RECENT_KEY);
}

export function addRecent(entry: RecentSearch) {
  write(RECENT_KEY, [entry, ...readRecent().filter((r) => r.url !== entry.url)].slice(0, 8));
}

export function readSaved(): SavedSearch[] {
  return read<SavedSearch>(SAVED_KEY);
}

export function saveSearch(entry: { url: string; label: string; seen: string[] }): SavedSearch {
  const now = new Date().toISOString();
  const existing = readSaved().find((s) => s.url === entry.url);
  const saved: SavedSearch = existing ? { ...existing, label: entry.label, seen: entry.seen, lastRunAt: now } : { id: Math.random().toString(36).slice(2, 10), url: entry.url, label: entry.label, savedAt: now, lastRunAt: now, seen: entry.seen };
  write(SAVED_KEY, [saved, ...readSaved().filter((s) => s.id !== saved.id)].slice(0, 30));
  return saved;
}

export function removeSaved(id: string) {
  write(SAVED_KEY, readSaved().filter((s) => s.id !== id));
}

/**
 * When a saved search runs again: which of its matches are new since the last run. Records this run's matches
 * as seen, so the next run compares against it.
 */
export function markSavedRun(url: string, keys: string[]): { saved: SavedSearch; newKeys: Set<string> } | null {
  const saved = readSaved().find((s) => s.url === url);
  if (!saved) return null;
  const seen = new Set(saved.seen);
  const newKeys = new Set(keys.filter((k) => !seen.has(k)));
  const updated = { ...saved, lastRunAt: new Date().toISOString(), seen: [...new Set([...saved.seen, ...keys])].slice(-2000) };
  write(SAVED_KEY, [updated, ...readSaved().filter((s) => s.id !== saved.id)]);
  return { saved, newKeys };
}
