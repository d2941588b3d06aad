"use client";

import Link from "next/link";
import { useSyncExternalStore } from "react";

/** Where a match card leaves the search it was listed by, for the chart it opens (this tab only). */
export const LAST_SEARCH_KEY = "patternscope-last-search";

const noSubscription = () => () => {};

/** The search a highlighted match came from, when this chart shows a match (?hl=) and the tab remembers one. */
function lastSearch(): string | null {
  if (!new URLSearchParams(window.location.search).has("hl")) return null;
  const href = window.sessionStorage.getItem(LAST_SEARCH_KEY);
  return href?.startsWith("/search") ? href : null;
}

/** "← Back to results" in the breadcrumb when a match opened this chart, so the results are one click away. */
export function BackToResults() {
  const href = useSyncExternalStore(noSubscription, lastSearch, () => null);
  if (!href) return null;
  return (
    <Link href={href} className="ml-auto rounded font-medium text-accent hover:underline" data-testid="back-to-results">
      ← Back to results
    </Link>
  );
}
