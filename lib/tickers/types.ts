/** One candle as the API returns it; null marks a field the source did not have. */
export type Candle = { t: string; o: number | null; h: number | null; l: number | null; c: number | null; v: number | null };

export type TickerSummary = {
  symbol: string;
  name: string | null;
  exchange: string | null;
  currency: string | null;
  isSample: boolean;
  first: string | null;
  last: string | null;
  count: number;
  lastClose: number | null;
  changePct: number | null;
  /** Last closes (up to 90) for a sparkline. */
  spark: number[];
};

export type CandlesResult = { symbol: string; name: string | null; isSample: boolean; candles: Candle[] };

export type SeriesInfo = { name: string; kind: "ohlcv" | "scalar"; frequency: string; first: string | null; last: string | null; count: number };

export type SeriesPoint = { t: string; v: number | null };

export type SeriesResult = { symbol: string; name: string; kind: "ohlcv" | "scalar"; frequency: string; points: SeriesPoint[] };
