import type { Db } from "@/lib/db/client";
import { trainAndStoreModel } from "@/lib/model/train-and-store-model";
import { JobCancelledError, trainParamsSchema, type JobHandler, type JobStep } from "@/lib/jobs/types";

/**
 * Retraining as a job: the ML helper's trainAndStoreModel (which calls trainModel and stores the version), with
 * every epoch written to job_progress (epoch, ETA, loss, accuracy, hold-out accuracy) for the settings page.
 * trainModel's progress callback is synchronous, so writes are chained and a cancel seen by one of them (or by
 * the poll between epochs) is thrown from the next callback, which stops training within one batch.
 */
export function trainHandler(db: Db): JobHandler {
  return async ({ params, report, throwIfCancelled }) => {
    const p = trainParamsSchema.parse(params);
    let cancelled = false;
    let pending: Promise<void> = Promise.resolve();
    let lastPoll = Date.now();
    const enqueue = (step: JobStep) => {
      pending = pending.then(() => report(step)).catch((error) => {
        if (error instanceof JobCancelledError) cancelled = true;
        else throw error;
      });
    };
    const poll = () => {
      pending = pending.then(() => throwIfCancelled()).catch((error) => {
        if (error instanceof JobCancelledError) cancelled = true;
        else throw error;
      });
    };
    enqueue({ step: 0, steps: p.epochs, message: "generating data and building the model" });
    try {
      const result = await trainAndStoreModel(db, {
        training: { epochs: p.epochs, samples: p.samples, embeddingSize: p.embeddingSize, ...(p.seed === undefined ? {} : { seed: p.seed }) },
        onProgress: (progress) => {
          if (cancelled) throw new JobCancelledError();
          if (progress.phase === "epoch") {
            enqueue({
              step: progress.epoch,
              steps: progress.epochs,
              loss: progress.loss,
              accuracy: progress.accuracy,
              valAccuracy: progress.holdoutAccuracy ?? null,
              etaMs: progress.etaMs,
              message: `epoch ${progress.epoch}/${progress.epochs}`,
            });
          } else if (Date.now() - lastPoll > 2000) {
            // Heartbeat + cancel check inside long epochs, at most every 2 s.
            lastPoll = Date.now();
            poll();
          }
        },
      });
      await pending;
      return {
        versionId: result.id,
        accuracy: result.metrics.accuracy,
        trainingMs: result.trainingMs,
        backend: result.backend,
        peakRssMb: Math.round(result.peakRssMb),
      };
    } catch (error) {
      await pending.catch(() => {});
      throw cancelled ? new JobCancelledError() : error;
    }
  };
}
