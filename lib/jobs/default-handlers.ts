import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { gzipLimitsFromEnv } from "@/lib/import/gunzip-capped";
import { importHandler } from "@/lib/jobs/import-handler";
import { refreshPricesHandler } from "@/lib/jobs/refresh-prices-handler";
import { reindexHandler } from "@/lib/jobs/reindex-handler";
import { trainHandler } from "@/lib/jobs/train-handler";
import type { JobHandlers } from "@/lib/jobs/types";
import { storeEmbeddingIndex } from "@/lib/jobs/store-embedding-index";

/** The handlers of every job kind, for scripts/worker.ts (or a start script running the worker in-process). */
export function defaultJobHandlers(db: Db): JobHandlers {
  return {
    train: trainHandler(db),
    reindex: reindexHandler(db, storeEmbeddingIndex),
    "refresh-prices": refreshPricesHandler(db),
    import: importHandler(db, { gzipLimits: gzipLimitsFromEnv(getEnv()) }),
  };
}
