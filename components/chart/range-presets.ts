import type { Candle } from "@/lib/tickers/types";
import { indexOnOrAfter } from "@/lib/chart/build-candle-option";

export const RANGE_PRESETS = [
  { id: "1M", label: "1M", months: 1 },
  { id: "3M", label: "3M", months: 3 },
  { id: "6M", label: "6M", months: 6 },
  { id: "YTD", label: "YTD", months: 0 },
  { id: "1Y", label: "1Y", months: 12 },
  { id: "5Y", label: "5Y", months: 60 },
  { id: "MAX", label: "Max", months: -1 },
] as const;

export type RangePresetId = (typeof RANGE_PRESETS)[number]["id"];

/** Candle index range for a preset, counted back in calendar months from the last candle. */
export function presetRange(candles: readonly Candle[], id: RangePresetId): { start: number; end: number } {
  const end = Math.max(0, candles.length - 1);
  const preset = RANGE_PRESETS.find((p) => p.id === id);
  if (!preset || preset.months < 0 || candles.length === 0) return { start: 0, end };
  const last = new Date(`${candles[end].t}T00:00:00Z`);
  const from = preset.id === "YTD" ? new Date(Date.UTC(last.getUTCFullYear(), 0, 1)) : new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - preset.months, last.getUTCDate()));
  return { start: indexOnOrAfter(candles, from.toISOString().slice(0, 10)), end };
}
