"use client";

import { useEffect, useState } from "react";
import { MiniCandles } from "@/components/search/mini-candles";
import { formatDate } from "@/lib/chart/format";
import { shiftDate } from "@/lib/chart/shift-date";
import type { Candle } from "@/lib/tickers/types";

type Preview =
  | { state: "idle" | "loading" }
  | { state: "failed"; key: string; message: string }
  | { state: "ready"; key: string; candles: Candle[]; start: number; end: number; count: number; first: string; last: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Typing a symbol or a date fires one request once the field rests, not one per key. */
const SETTLE_MS = 350;

/**
 * The picked stretch of a range query on its chart, with some context either side, so the investor sees what the
 * search will look for (and that the symbol and dates name candles) before pressing Search.
 */
export function RangePreview({ symbol, from, to }: { symbol: string; from: string; to: string }) {
  const [preview, setPreview] = useState<Preview>({ state: "idle" });
  const wanted = symbol.trim().toUpperCase();
  const usable = wanted !== "" && ISO_DATE.test(from) && ISO_DATE.test(to) && from <= to;
  const key = `${wanted}|${from}|${to}`;

  useEffect(() => {
    if (!usable) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setPreview({ state: "loading" });
      // A third of the range's calendar span before and after it, for context.
      const spanDays = Math.max(10, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));
      const context = Math.ceil(spanDays / 3);
      fetch(`/api/tickers/${encodeURIComponent(wanted)}/candles?from=${shiftDate(from, -context)}&to=${shiftDate(to, context)}`, { signal: controller.signal })
        .then(async (response) => {
          const body = await response.json().catch(() => null);
          if (!response.ok) throw new Error(body?.error?.message ?? `The chart could not be read (HTTP ${response.status})`);
          const candles = (body as { candles: Candle[] }).candles;
          const start = candles.findIndex((c) => c.t >= from);
          const after = candles.findIndex((c) => c.t > to);
          const end = (after < 0 ? candles.length : after) - 1;
          if (start < 0 || end < start) throw new Error(`${wanted} has no candles between ${formatDate(from)} and ${formatDate(to)}`);
          setPreview({ state: "ready", key, candles, start, end, count: end - start + 1, first: candles[start].t, last: candles[end].t });
        })
        .catch((error: unknown) => {
          if (error instanceof DOMException && error.name === "AbortError") return;
          setPreview({ state: "failed", key, message: error instanceof Error ? error.message : String(error) });
        });
    }, SETTLE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [usable, wanted, from, to, key]);

  if (!usable) return <p className="text-xs text-muted" data-testid="range-preview">Name a ticker and two dates to see the stretch here.</p>;
  // while the fields change, what was drawn or said for the previous ones would stand under the new ones
  const shown: Preview = "key" in preview && preview.key !== key ? { state: "loading" } : preview;
  return (
    <figure className="space-y-1" data-testid="range-preview" data-state={shown.state}>
      <div className="rounded-md bg-bg">
        {shown.state === "ready" ? (
          <MiniCandles candles={shown.candles} matchStart={shown.start} matchEnd={shown.end} horizonEnd={shown.end} width={800} height={128} className="h-32 w-full" />
        ) : shown.state === "failed" ? (
          <div className="flex h-32 items-center justify-center px-4 text-center text-xs text-muted" role="status">{shown.message}</div>
        ) : (
          <div className="h-32 animate-pulse rounded-md bg-surface-2" />
        )}
      </div>
      {shown.state === "ready" ? (
        <figcaption className="tabular text-xs text-muted">
          The search looks for this shape: {wanted}, {shown.count} candles, {formatDate(shown.first)} – {formatDate(shown.last)} (tinted), with what came before and after.
        </figcaption>
      ) : null}
    </figure>
  );
}
