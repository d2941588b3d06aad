import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from "@electric-sql/pglite-socket";

type Pending = {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
};

/** ReadyForQuery is 'Z', length 5, then the session's status: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
const READY_FOR_QUERY = [0x5a, 0, 0, 0, 5];
const IDLE = 0x49;

/**
 * Runs the wire-protocol messages of many connections on PGlite's one session. A connection keeps its turn from
 * its first message until PGlite answers ReadyForQuery idle, so one query's Parse, Bind, Execute and Sync (and a
 * whole transaction) never interleave with another connection's.
 *
 * pglite-socket's own queue hands the session to any connection between two messages unless a transaction is
 * open (electric-sql/pglite#1046). A Bind that arrives in several TCP packets (a 1 MB upload chunk) then lets
 * another connection's Parse replace the unnamed statement first: one query's parameters are bound to another's
 * statement, which fails, or worse, returns or writes the wrong rows.
 */
export class SessionQueue {
  private readonly waiting: Pending[] = [];
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ handlerId, message, onData, resolve, reject });
      void this.drain();
    });
  }

  getQueueLength(): number {
    return this.waiting.length;
  }

  /** A connection closed: its queued messages are dropped. */
  clearQueueForHandler(handlerId: number): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const pending = this.waiting[i]!;
      if (pending.handlerId !== handlerId) continue;
      this.waiting.splice(i, 1);
      pending.reject(new Error("the connection closed"));
    }
  }

  /** A connection closed: if it held the session, its open transaction is rolled back and the turn passes on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    this.owner = null;
    await this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.waiting.findIndex((p) => p.handlerId === this.owner);
        if (index < 0 || index >= this.waiting.length) return;
        const next = this.waiting.splice(index, 1)[0]!;
        this.owner = next.handlerId;
        let bytes = 0;
        let tail: Uint8Array = new Uint8Array(0);
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (chunk: Uint8Array) => {
                bytes += chunk.length;
                tail = lastBytes(tail, chunk, READY_FOR_QUERY.length + 1);
                next.onData(chunk);
              },
            }),
          );
          if (endsReadyAndIdle(tail)) this.owner = null;
          next.resolve(bytes);
        } catch (error) {
          // PGlite itself failed: the connection gets the error, and the turn passes on unless a transaction is
          // open, so one failure cannot leave every other connection waiting.
          if (!this.db.isInTransaction()) this.owner = null;
          next.reject(error as Error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

function lastBytes(previous: Uint8Array, chunk: Uint8Array, count: number): Uint8Array {
  if (chunk.length >= count) return chunk.slice(chunk.length - count);
  const joined = new Uint8Array(previous.length + chunk.length);
  joined.set(previous);
  joined.set(chunk, previous.length);
  return joined.slice(Math.max(0, joined.length - count));
}

function endsReadyAndIdle(tail: Uint8Array): boolean {
  return tail.length === READY_FOR_QUERY.length + 1 && READY_FOR_QUERY.every((b, i) => tail[i] === b) && tail[5] === IDLE;
}

/** FATAL 53300 as a wire-protocol ErrorResponse, so a client over the limit reads a real error. */
function tooManyConnections(): Buffer {
  const fields = Buffer.from("SFATAL\0VFATAL\0C53300\0Msorry, too many clients already\0\0", "latin1");
  const head = Buffer.alloc(5);
  head.write("E", 0, "latin1");
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

export type PgliteServer = { port: number; connections: () => number; stop: () => Promise<void> };

/**
 * Serves a PGlite over the pg wire protocol on host:port (port 0 picks a free one). pglite-socket's connection
 * handler does the framing (startup, SSL refusal, cancel requests); SessionQueue does the scheduling.
 */
export async function servePglite(db: PGlite, options: { host: string; port: number; maxConnections: number }): Promise<PgliteServer> {
  await db.waitReady;
  const queue = new SessionQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    if (handlers.size >= options.maxConnections) {
      socket.end(tooManyConnections(), () => socket.destroy());
      return;
    }
    // The handler is typed against pglite-socket's own queue class; SessionQueue has the same public methods.
    const handler = new PGLiteSocketHandler({ queryQueue: queue as unknown as PGLiteSocketHandlerOptions["queryQueue"], closeOnDetach: true });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener("close", forget);
    handler.addEventListener("error", forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : options.port,
    connections: () => handlers.size,
    stop: async () => {
      await Promise.all([...handlers].map((h) => h.detach(true)));
      handlers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
