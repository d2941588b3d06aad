import { forwardReturnAt } from "@/lib/outcomes/forward-returns";
import type { SearchIndex } from "@/lib/search/types";

/** Close-to-close return from the close at `end` (absolute position) to `horizon` candles later, or null past the data. */
export function forwardReturn({ index, ticker, end, horizon }: { index: SearchIndex; ticker: number; end: number; horizon: number }): number | null {
  const r = forwardReturnAt({ offsets: index.offsets, days: index.days, close: index.fields.close }, ticker, end, horizon);
  return Number.isNaN(r) ? null : r;
}
