import type { Db } from "@/lib/db/client";
import { importContents } from "@/lib/import/uploads";
import { fetchStooqDaily } from "@/lib/providers/fetch-stooq-daily";
import { fetchYahooDaily } from "@/lib/providers/fetch-yahoo-daily";
import { listProviderSymbols } from "@/lib/providers/provider-symbols";
import type { FetchOutcome, ProviderName } from "@/lib/providers/types";

export type RefreshResult = { symbol: string; provider: ProviderName; status: "ok" | "failed"; message: string; rowsKept?: number };

/**
 * Fetches every listed symbol from its provider and feeds the answer to the importer (the same path as an upload
 * or the CLI, so cleaning, merging with stored rows and the report are identical). A failed symbol is recorded
 * and the rest go on; after a 429 the remaining symbols of that provider are skipped for this run.
 */
export async function refreshPrices(db: Db, options: {
  symbols?: string[];
  baseUrls?: Partial<Record<ProviderName, string>>;
  fetchImpl?: typeof fetch;
  onSymbol?: (index: number, total: number, result: RefreshResult) => Promise<void> | void;
} = {}): Promise<RefreshResult[]> {
  const wanted = options.symbols?.map((s) => s.toUpperCase());
  const list = (await listProviderSymbols(db, { enabledOnly: true })).filter((s) => !wanted || wanted.includes(s.symbol));
  const limited = new Set<ProviderName>();
  const results: RefreshResult[] = [];
  for (const [index, item] of list.entries()) {
    let result: RefreshResult;
    if (limited.has(item.provider)) {
      result = { symbol: item.symbol, provider: item.provider, status: "failed", message: `skipped: ${item.provider} rate-limited this run` };
    } else {
      const common = { symbol: item.symbol, baseUrl: options.baseUrls?.[item.provider], fetchImpl: options.fetchImpl };
      const fetched: FetchOutcome = item.provider === "yahoo" ? await fetchYahooDaily(common) : await fetchStooqDaily(common);
      if (!fetched.ok) {
        if (fetched.status === 429) limited.add(item.provider);
        result = { symbol: item.symbol, provider: item.provider, status: "failed", message: fetched.message };
      } else {
        const summary = await importContents(db, { files: [{ name: fetched.fileName, bytes: new TextEncoder().encode(fetched.content) }] });
        const file = summary.files[0]!;
        result =
          file.status === "ok" && file.failed.length === 0
            ? { symbol: item.symbol, provider: item.provider, status: "ok", message: `${file.kept} rows (${file.created ? "new" : file.updated ? "updated" : "unchanged"})`, rowsKept: file.kept }
            : { symbol: item.symbol, provider: item.provider, status: "failed", message: file.message ?? file.failed[0]?.message ?? "import failed" };
      }
    }
    await db.$executeRaw`
      UPDATE provider_symbol SET last_run_at = now(), last_status = ${result.status}, last_message = ${result.message.slice(0, 500)}
      WHERE symbol = ${item.symbol}`;
    results.push(result);
    await options.onSymbol?.(index, list.length, result);
  }
  return results;
}
