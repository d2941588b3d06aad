import type { Db } from "@/lib/db/client";
import type { ModelVersionInfo, StoredModelConfig } from "@/lib/model/types";

/** Versions without their weights, newest first. */
export async function listModelVersions(db: Db, options: { limit?: number } = {}): Promise<ModelVersionInfo[]> {
  const rows = await db.$queryRaw<
    {
      id: number;
      name: string;
      status: ModelVersionInfo["status"];
      is_active: boolean;
      config: StoredModelConfig;
      curves: ModelVersionInfo["curves"];
      metrics: ModelVersionInfo["metrics"];
      backend: string | null;
      training_ms: number | null;
      peak_rss_mb: number | null;
      error: string | null;
      created_at: Date;
      updated_at: Date;
    }[]
  >`SELECT id, name, status, is_active, config, curves, metrics, backend, training_ms, peak_rss_mb, error, created_at, updated_at
    FROM model_version ORDER BY created_at DESC, id DESC LIMIT ${options.limit ?? 50}`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    isActive: r.is_active,
    config: r.config,
    curves: r.curves,
    metrics: r.metrics,
    backend: r.backend,
    trainingMs: r.training_ms,
    peakRssMb: r.peak_rss_mb,
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}
