import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { saveModelVersion } from "@/lib/model/save-model-version";
import { trainModel, DEFAULT_TRAIN_OPTIONS, type EpochCurve, type TrainOptions, type TrainProgress, type TrainResult } from "@/ml/train-model";
import { DEFAULT_MODEL_CONFIG } from "@/ml/model";

export type StoredTraining = TrainResult & { id: number; peakRssMb: number };

/**
 * Trains a model version and stores it: the row appears as "training" at once (with its curves growing epoch
 * by epoch, so an admin page can show progress), becomes "ready" with weights and metrics at the end, or
 * "failed" with the error. With `activate` the new version becomes the active one.
 */
export async function trainAndStoreModel(db: Db, options: {
  training?: Partial<TrainOptions>;
  activate?: boolean;
  onProgress?: (p: TrainProgress) => void;
} = {}): Promise<StoredTraining> {
  const training: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options.training };
  const config = { model: { ...DEFAULT_MODEL_CONFIG, ...training.model, embeddingSize: training.embeddingSize, seed: training.seed }, training };
  const row = await db.modelVersion.create({ data: { status: "training", config: config as unknown as Prisma.InputJsonValue }, select: { id: true } });
  let peakRss = process.memoryUsage().rss;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const timer = setInterval(sample, 250);
  const curves: Pick<EpochCurve, "epoch" | "loss" | "accuracy" | "holdoutAccuracy">[] = [];
  let pending: Promise<unknown> = Promise.resolve();
  try {
    const result = await trainModel(training, (p) => {
      sample();
      if (p.phase === "epoch") {
        curves.push({ epoch: p.epoch, loss: p.loss, accuracy: p.accuracy, holdoutAccuracy: p.holdoutAccuracy ?? 0 });
        const snapshot = JSON.stringify(curves);
        // Progress writes are chained, never awaited by the loop: a slow database must not slow training.
        pending = pending.then(() =>
          db.$executeRaw`UPDATE model_version SET curves = ${snapshot}::jsonb, updated_at = now() WHERE id = ${row.id}`.catch(() => {}),
        );
      }
      options.onProgress?.(p);
    });
    await pending;
    sample();
    const peakRssMb = peakRss / 2 ** 20;
    await saveModelVersion(db, {
      id: row.id,
      model: result.model,
      training,
      curves: result.curves,
      metrics: result.metrics,
      backend: result.backend,
      trainingMs: result.trainingMs,
      peakRssMb,
      activate: options.activate,
    });
    return { ...result, id: row.id, peakRssMb };
  } catch (error) {
    await pending;
    await db.$executeRaw`UPDATE model_version SET status = 'failed', error = ${(error as Error).message}, updated_at = now() WHERE id = ${row.id}`;
    throw error;
  } finally {
    clearInterval(timer);
  }
}
