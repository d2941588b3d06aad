import type { Db } from "@/lib/db/client";
import { refreshPrices } from "@/lib/providers/refresh-prices";
import type { JobHandler } from "@/lib/jobs/types";
import type { ProviderName } from "@/lib/providers/types";

/** `baseUrls` points the providers elsewhere (tests serve recorded answers on 127.0.0.1). */
export function refreshPricesHandler(db: Db, options: { baseUrls?: Partial<Record<ProviderName, string>> } = {}): JobHandler {
  return async ({ params, report }) => {
    const symbols = Array.isArray(params.symbols) ? (params.symbols as string[]) : undefined;
    const results = await refreshPrices(db, {
      symbols,
      baseUrls: options.baseUrls,
      onSymbol: (index, total, r) => report({ step: index + 1, steps: total, message: `${r.symbol}: ${r.status} ${r.message}` }),
    });
    return { ok: results.filter((r) => r.status === "ok").length, failed: results.filter((r) => r.status === "failed").length, results };
  };
}
