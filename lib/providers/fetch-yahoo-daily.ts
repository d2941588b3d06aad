import { fetchProviderText } from "@/lib/providers/fetch-provider-text";
import type { FetchOutcome, ProviderOptions } from "@/lib/providers/types";
import { getEnv } from "@/lib/env";

const YAHOO_BASE_URL = "https://query1.finance.yahoo.com";

/**
 * Daily candles from Yahoo's chart API (`/v8/finance/chart/<symbol>?interval=1d&range=...`): the JSON the importer
 * already reads as "yahoo-json". A `{chart:{error}}` body comes back as a failure with Yahoo's description.
 */
export async function fetchYahooDaily(options: { symbol: string; range?: string } & ProviderOptions): Promise<FetchOutcome> {
  const base = options.baseUrl ?? getEnv().YAHOO_BASE_URL ?? YAHOO_BASE_URL;
  const url = `${base}/v8/finance/chart/${encodeURIComponent(options.symbol)}?interval=1d&range=${encodeURIComponent(options.range ?? "1y")}&includeAdjustedClose=true&events=div%2Csplits`;
  const got = await fetchProviderText({ provider: "yahoo", url, fetchImpl: options.fetchImpl, timeoutMs: options.timeoutMs });
  if (!got.ok) return { ...got, provider: "yahoo", symbol: options.symbol };
  try {
    const doc = JSON.parse(got.text) as { chart?: { error?: { description?: string } | null; result?: { timestamp?: unknown[] }[] | null } };
    if (doc.chart?.error) return { ok: false, provider: "yahoo", symbol: options.symbol, status: 200, message: `yahoo: ${doc.chart.error.description ?? "error"}` };
    if (!doc.chart?.result?.[0]?.timestamp?.length) return { ok: false, provider: "yahoo", symbol: options.symbol, status: 200, message: "yahoo: no prices in the answer" };
  } catch {
    return { ok: false, provider: "yahoo", symbol: options.symbol, status: 200, message: `yahoo: not JSON: ${got.text.slice(0, 100)}` };
  }
  return { ok: true, provider: "yahoo", symbol: options.symbol, fileName: `${options.symbol}.json`, content: got.text };
}
