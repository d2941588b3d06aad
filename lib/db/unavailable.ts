const UNAVAILABLE_CODES = new Set([
  // sockets
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN",
  // PostgreSQL: admin/crash shutdown, cannot connect now, connection exceptions, too many connections
  "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006", "53300",
  // Prisma: cannot reach, timed out, server closed the connection, pool timeout
  "P1001", "P1002", "P1017", "P2024",
]);

/**
 * Connection-level failures (database down, restarting, frozen or out of connections): the API answers them with
 * 503 instead of 500 (lib/api/error-table.ts), the proxy with its 503 page, and the search index holder keeps
 * serving the index it has. The PostgreSQL code can sit deep in Prisma's error
 * (meta.driverAdapterError.cause.originalCode), so the search walks `cause`, `meta` and `driverAdapterError` links.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const e = current as Record<string, unknown>;
    for (const key of ["code", "originalCode"]) if (typeof e[key] === "string" && UNAVAILABLE_CODES.has(e[key])) return true;
    for (const key of ["message", "originalMessage"]) {
      const message = typeof e[key] === "string" ? e[key] : "";
      if (/ECONNREFUSED|Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Can't reach database|DatabaseNotReachable|the database system is (starting|shutting) up|Client has encountered a connection error/i.test(message)) return true;
    }
    queue.push(e.cause, e.meta, e.driverAdapterError);
  }
  return false;
}
