import { getEnv } from "@/lib/env";

/**
 * Admission control for searches: at most `concurrency` run at once in this process, up to `queueLimit` more wait
 * in FIFO order, and anything beyond is refused at once (the route answers 503 + Retry-After) so no request hangs.
 * A request is also refused when its expected wait (the queue ahead of it times the recent run time, over the
 * slots) exceeds `maxWaitMs`: on a busy machine searches slow down, and a queue sized in requests alone would
 * then hold clients for tens of seconds.
 * A waiting request whose signal aborts (client gone) leaves the queue and never runs.
 */
export class AdmissionFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many searches are running; try again shortly.");
    this.name = "AdmissionFullError";
  }
}

export class AdmissionAbortedError extends Error {
  constructor() {
    super("The client went away before the search started.");
    this.name = "AdmissionAbortedError";
  }
}

export type Admission = {
  /** Runs `task` when a slot is free; rejects with AdmissionFullError or AdmissionAbortedError instead. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  stats(): { running: number; queued: number };
};

type Waiter = { start: () => void; signal?: AbortSignal; onAbort: () => void };

export function createAdmission(options: { concurrency: number; queueLimit: number; maxWaitMs?: number; initialRunMs?: number }): Admission {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const queueLimit = Math.max(0, Math.floor(options.queueLimit));
  const maxWaitMs = options.maxWaitMs ?? Infinity;
  const queue: Waiter[] = [];
  let running = 0;
  // Moving average of run time: Retry-After = roughly how long the current backlog takes to drain.
  let avgMs = options.initialRunMs ?? 500;

  const retryAfterSeconds = () => Math.min(30, Math.max(1, Math.ceil(((queue.length + running) * avgMs) / concurrency / 1000)));

  const release = () => {
    running--;
    const next = queue.shift();
    if (next) {
      next.signal?.removeEventListener("abort", next.onAbort);
      next.start();
    }
  };

  return {
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) return Promise.reject(new AdmissionAbortedError());
      const execute = async (): Promise<T> => {
        running++;
        const t0 = Date.now();
        try {
          return await task();
        } finally {
          avgMs = avgMs * 0.8 + (Date.now() - t0) * 0.2;
          release();
        }
      };
      if (running < concurrency) return execute();
      const expectedWaitMs = ((queue.length + 1) * avgMs) / concurrency;
      if (queue.length >= queueLimit || expectedWaitMs > maxWaitMs) return Promise.reject(new AdmissionFullError(retryAfterSeconds()));
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter = {
          signal,
          start: () => {
            if (signal?.aborted) {
              reject(new AdmissionAbortedError());
              // this slot was never used: hand it on
              running++;
              release();
              return;
            }
            execute().then(resolve, reject);
          },
          onAbort: () => {
            const i = queue.indexOf(waiter);
            if (i >= 0) queue.splice(i, 1);
            reject(new AdmissionAbortedError());
          },
        };
        signal?.addEventListener("abort", waiter.onAbort, { once: true });
        queue.push(waiter);
      });
    },
    stats: () => ({ running, queued: queue.length }),
  };
}

const globalAdmission = globalThis as unknown as { psSearchAdmission?: Admission };

/**
 * The process-wide search admission: SEARCH_CONCURRENCY (default 1: one scan already runs on every core through
 * the search threads, a second one only halves its share), SEARCH_QUEUE (default 16) and SEARCH_MAX_WAIT_MS
 * (default 400: a search expected to wait longer is refused with 503 + Retry-After). Under `bench:load` (50 clients,
 * 30 s, 0.62M candles, load 2.6-3.2) admitted fresh sketches took p50 / p95 1.7 / 2.3-2.6 s at 2 and 1000 ms,
 * 1.0-1.1 / 1.5-1.7 s at 2 and 400 ms, 1.1 / 1.5 s at 1 and 700 ms, and 0.66-0.67 / 0.94-1.05 s at 1 and 400 ms,
 * which serves about a quarter fewer of them (35-36 against 44-49 in 30 s) and sheds the rest at once.
 */
export function searchAdmission(): Admission {
  const env = getEnv();
  globalAdmission.psSearchAdmission ??= createAdmission({
    concurrency: env.SEARCH_CONCURRENCY,
    queueLimit: env.SEARCH_QUEUE,
    maxWaitMs: env.SEARCH_MAX_WAIT_MS || Infinity,
    // a first guess under the default wait, so a fresh server queues one search behind another before it has timed any
    initialRunMs: 300,
  });
  return globalAdmission.psSearchAdmission;
}
