import type { Db } from "@/lib/db/client";
import { refreshPrices } from "@/lib/providers/refresh-prices";
import type { JobHandler } from "@/lib/jobs/types";

export function refreshPricesHandler(db: Db): JobHandler {
  return async ({ params, report }) => {
    const symbols = Array.isArray(params.symbols) ? (params.symbols as string[]) : undefined;
    const results = await refreshPrices(db, {
      symbols,
      onSymbol: (index, total, r) => report({ step: index + 1, steps: total, message: `${r.symbol}: ${r.status} ${r.message}` }),
    });
    return { ok: results.filter((r) => r.status === "ok").length, failed: results.filter((r) => r.status === "failed").length, results };
  };
}
