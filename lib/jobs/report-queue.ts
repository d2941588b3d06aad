import type { JobStep } from "@/lib/jobs/types";

export type ReportQueue = { enqueue: (step: JobStep) => void; settle: () => Promise<void> };

/**
 * Progress reports from a synchronous callback, sent one after another without making the work wait for them. The
 * first report that fails (the job was cancelled, the database is gone) stops the rest, and `settle()` throws it
 * once the work has returned. The error is kept off the chain, so work that throws first leaves no rejected promise
 * behind: an unhandled rejection would end the worker process.
 */
export function reportQueue(report: (step: JobStep) => Promise<void>): ReportQueue {
  let pending: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  return {
    enqueue: (step) => {
      pending = pending
        .then(() => (failure ? undefined : report(step)))
        .catch((error: unknown) => {
          failure ??= { error };
        });
    },
    settle: async () => {
      await pending;
      if (failure) throw failure.error;
    },
  };
}
