import "server-only";
import type { Db } from "@/lib/db/client";

/** True when the database answers a trivial query within `timeoutMs`; never throws. */
export async function checkDatabase(db: Db, { timeoutMs = 1000 }: { timeoutMs?: number } = {}): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = db.$queryRaw<{ ok: number }[]>`SELECT 1 AS ok`.then(
    (rows) => rows[0]?.ok === 1,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
