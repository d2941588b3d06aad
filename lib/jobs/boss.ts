import PgBoss from "pg-boss";

/** All job kinds share one queue with the "singleton" policy: pg-boss lets one job be active at a time. */
export const QUEUE = "patternscope-jobs";

/**
 * A pg-boss instance on the given database. Web processes only send and cancel (`role: "client"`: no
 * maintenance or cron timers); the worker supervises and schedules. Pools stay small because PGlite serves one
 * query at a time and drops connections past its limit.
 */
export async function startBoss(options: { url: string; role: "client" | "worker"; max?: number; log?: (line: string) => void }): Promise<PgBoss> {
  const worker = options.role === "worker";
  const boss = new PgBoss({
    connectionString: options.url,
    max: options.max ?? (worker ? 2 : 1),
    supervise: worker,
    schedule: worker,
    migrate: true,
    application_name: `patternscope-${options.role}`,
  });
  boss.on("error", (error) => options.log?.(`pg-boss: ${error.message}`));
  await boss.start();
  await retryOnDeadlock(() => ensureQueue(boss));
  return boss;
}

/**
 * Runs a queue-creating step again when PostgreSQL picked it as a deadlock victim (40P01): pg-boss's createQueue
 * takes table locks, and a web process and a worker starting together may each create a queue at the same moment.
 */
export async function retryOnDeadlock<T>(step: () => Promise<T>, tries = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if ((error as { code?: string }).code !== "40P01" || attempt >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

async function ensureQueue(boss: PgBoss): Promise<void> {
  const existing = await boss.getQueue(QUEUE);
  if (existing) return;
  // retryLimit 0: a failed training is reported to the admin, not silently repeated. expireInSeconds bounds how
  // long a job killed with its worker holds the singleton slot (the worker also releases orphans at start).
  await boss.createQueue(QUEUE, { name: QUEUE, policy: "singleton", retryLimit: 0, expireInSeconds: 4 * 3600 }).catch((error: Error) => {
    if (!/already exists/i.test(error.message)) throw error;
  });
}
