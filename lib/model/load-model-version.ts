import { tf, initBackend } from "@/ml/backend";
import type { PatternModel } from "@/ml/model";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { Prisma } from "@/lib/generated/prisma/client";
import type { StoredModelConfig } from "@/lib/model/types";

type Row = {
  id: number;
  config: StoredModelConfig;
  model_topology: object | null;
  weight_specs: tf.io.WeightsManifestEntry[] | null;
  weight_data: Uint8Array | null;
  status: string;
};

/**
 * Loads a ready model version (the active one unless `id` is given) through a tfjs LoadHandler that reads the
 * artifacts from model_version. Returns null when there is no such version.
 */
export async function loadModelVersion(db: Db, options: { id?: number } = {}): Promise<(PatternModel & { id: number }) | null> {
  const where = options.id != null ? Prisma.sql`id = ${options.id}` : Prisma.sql`is_active`;
  const rows = await db.$queryRaw<Row[]>`
    SELECT id, config, model_topology, weight_specs, weight_data, status
    FROM model_version WHERE ${where} LIMIT 1`;
  const row = rows[0];
  if (!row) return null;
  if (row.status !== "ready" || !row.model_topology || !row.weight_specs || !row.weight_data) {
    throw new AppError("conflict", `Model version ${row.id} is ${row.status} and has no weights to load`);
  }
  await initBackend();
  const bytes = row.weight_data;
  // Copy into an ArrayBuffer of its own: the driver's Buffer may be a view into a larger pooled one.
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const handler: tf.io.IOHandler = {
    load: async () => ({ modelTopology: row.model_topology!, weightSpecs: row.weight_specs!, weightData, format: "layers-model" }),
  };
  const model = await tf.loadLayersModel(handler);
  return { id: row.id, model, config: row.config.model };
}
