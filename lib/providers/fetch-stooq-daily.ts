import { fetchProviderText } from "@/lib/providers/fetch-provider-text";
import type { FetchOutcome, ProviderOptions } from "@/lib/providers/types";
import { getEnv } from "@/lib/env";

const STOOQ_BASE_URL = "https://stooq.com";

/**
 * Daily candles from Stooq's CSV download (`/q/d/l/?s=<symbol>.us&i=d`). Stooq answers 200 with a plain-text
 * "No data" for unknown symbols and "Exceeded the daily hits limit" when rate limited: both are failures here.
 */
export async function fetchStooqDaily(options: { symbol: string; market?: string } & ProviderOptions): Promise<FetchOutcome> {
  const base = options.baseUrl ?? getEnv().STOOQ_BASE_URL ?? STOOQ_BASE_URL;
  const stooqSymbol = `${options.symbol.toLowerCase()}${options.symbol.includes(".") ? "" : `.${options.market ?? "us"}`}`;
  const url = `${base}/q/d/l/?s=${encodeURIComponent(stooqSymbol)}&i=d`;
  const got = await fetchProviderText({ provider: "stooq", url, fetchImpl: options.fetchImpl, timeoutMs: options.timeoutMs });
  if (!got.ok) return { ...got, provider: "stooq", symbol: options.symbol };
  const first = got.text.trim().split(/\r?\n/, 1)[0] ?? "";
  if (!got.text.trim()) return { ok: false, provider: "stooq", symbol: options.symbol, status: 200, message: "stooq: empty answer" };
  if (/exceeded the daily hits limit/i.test(first)) return { ok: false, provider: "stooq", symbol: options.symbol, status: 429, message: `stooq rate limit: ${first}` };
  if (!/^date,/i.test(first)) return { ok: false, provider: "stooq", symbol: options.symbol, status: 200, message: `stooq: ${first.slice(0, 200)}` };
  return { ok: true, provider: "stooq", symbol: options.symbol, fileName: `${stooqSymbol}.csv`, content: got.text };
}
