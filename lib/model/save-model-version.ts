import { tf } from "@/ml/backend";
import type { EvaluationMetrics } from "@/ml/evaluate";
import type { PatternModel } from "@/ml/model";
import type { EpochCurve, TrainOptions } from "@/ml/train-model";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { activateModelVersion } from "@/lib/model/activate-model-version";

/**
 * Stores a trained model through a tfjs save handler: the artifacts tfjs produces (topology, weight specs, one
 * weight buffer) go to model_version as JSONB + BYTEA. Updates row `id` when given (a version created as
 * "training" by a background job), else inserts. Marks it ready and, with `activate`, makes it the active one.
 */
export async function saveModelVersion(db: Db, options: {
  model: PatternModel;
  training: TrainOptions;
  curves: EpochCurve[];
  metrics: EvaluationMetrics;
  backend?: string;
  trainingMs?: number;
  peakRssMb?: number;
  id?: number;
  activate?: boolean;
}): Promise<{ id: number; bytes: number }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await options.model.model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  if (!artifacts?.weightData || !artifacts.modelTopology) throw new Error("tfjs produced no model artifacts");
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const data = {
    status: "ready",
    config: { model: options.model.config, training: options.training } as unknown as Prisma.InputJsonValue,
    curves: options.curves as unknown as Prisma.InputJsonValue,
    metrics: options.metrics as unknown as Prisma.InputJsonValue,
    modelTopology: artifacts.modelTopology as Prisma.InputJsonValue,
    weightSpecs: artifacts.weightSpecs as unknown as Prisma.InputJsonValue,
    weightData: weights,
    backend: options.backend ?? null,
    trainingMs: options.trainingMs != null ? Math.round(options.trainingMs) : null,
    peakRssMb: options.peakRssMb != null ? Math.round(options.peakRssMb) : null,
    error: null,
    updatedAt: new Date(),
  };
  const row = options.id != null ? await db.modelVersion.update({ where: { id: options.id }, data, select: { id: true } }) : await db.modelVersion.create({ data, select: { id: true } });
  if (options.activate) await activateModelVersion(db, { id: row.id });
  return { id: row.id, bytes: weights.byteLength };
}
