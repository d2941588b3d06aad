import type { Db } from "@/lib/db/client";
import { reportQueue } from "@/lib/jobs/report-queue";
import type { JobHandler } from "@/lib/jobs/types";

/**
 * What re-indexing needs from the ML side: embed every window of every series with a model version and store the
 * index, reporting (done, total). lib/jobs/store-embedding-index.ts (storeEmbeddingIndex) is that function: it
 * stores the index in embedding_index_part, re-embedding only tickers that are missing or whose closes changed,
 * so web servers load it instead of embedding (run after an activation or an import).
 */
export type BuildEmbeddingIndex = (
  db: Db,
  options: {
    versionId?: number;
    onProgress?: (done: number, total: number) => void;
  },
) => Promise<Record<string, unknown>>;

export function reindexHandler(db: Db, build: BuildEmbeddingIndex | undefined): JobHandler {
  return async ({ params, report }) => {
    if (!build) throw new Error("Re-indexing is not available in this build: no embedding index builder is wired into the worker");
    const versionId = params.versionId === undefined ? undefined : Number(params.versionId);
    const reports = reportQueue(report);
    let last = 0;
    const result = await build(db, {
      versionId,
      onProgress: (done, total) => {
        const now = Date.now();
        if (done !== total && now - last < 500) return;
        last = now;
        reports.enqueue({ step: done, steps: total, message: `${done}/${total} series embedded` });
      },
    });
    await reports.settle();
    return result;
  };
}
