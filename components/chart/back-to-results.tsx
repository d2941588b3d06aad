"use client";

import Link from "next/link";
import { useSyncExternalStore } from "react";
import { chartOrigin, type ChartOrigin } from "@/lib/chart/chart-url";

/** Where a match card or scan card leaves the list it was shown in, for the chart it opens (this tab only). */
const LAST_RESULTS_KEY = "patternscope-last-results";

/** Called as a card's link is followed: the chart it opens offers the way back to this page (see BackToResults). */
export function rememberResults() {
  window.sessionStorage.setItem(LAST_RESULTS_KEY, `${window.location.pathname}${window.location.search}`);
}

const noSubscription = () => () => {};
const LABELS: Record<ChartOrigin, string> = { search: "← Back to search results", scan: "← Back to scan results" };

/** The list this chart was opened from (?via=), when the tab remembers one of that kind. */
function lastResults(): string | null {
  const via = chartOrigin(new URLSearchParams(window.location.search).get("via"));
  const href = window.sessionStorage.getItem(LAST_RESULTS_KEY);
  return via && href?.startsWith(`/${via}`) ? href : null;
}

/** "← Back to search results" in the breadcrumb when a match opened this chart, so the results are one click away. */
export function BackToResults() {
  const href = useSyncExternalStore(noSubscription, lastResults, () => null);
  if (!href) return null;
  const via: ChartOrigin = href.startsWith("/scan") ? "scan" : "search";
  return (
    <Link href={href} className="ml-auto rounded font-medium text-accent hover:underline" data-testid="back-to-results">
      {LABELS[via]}
    </Link>
  );
}
