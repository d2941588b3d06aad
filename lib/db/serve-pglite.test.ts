import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { servePglite, SessionQueue, type PgliteServer } from "@/lib/db/serve-pglite";

describe("servePglite: many pg connections on PGlite's one session", () => {
  let pglite: PGlite;
  let server: PgliteServer;
  const open: pg.Client[] = [];

  beforeAll(async () => {
    pglite = await PGlite.create();
    server = await servePglite(pglite, { host: "127.0.0.1", port: 0, maxConnections: 4 });
    await pglite.exec("CREATE TABLE note (id int PRIMARY KEY, body text)");
  });
  afterEach(async () => {
    // end() never settles on a client whose socket was destroyed: destroy every socket instead.
    for (const client of open.splice(0)) (client as unknown as { connection: { stream: { destroy: () => void } } }).connection.stream.destroy();
    await until(() => server.connections() === 0);
  });
  afterAll(async () => {
    await server.stop();
    await pglite.close();
  });

  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
  }

  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ host: "127.0.0.1", port: server.port, user: "postgres", database: "postgres" });
    client.on("error", () => {});
    await client.connect();
    open.push(client);
    return client;
  }

  it("gives every query its own parameters while a large Bind arrives in many packets", async () => {
    const clients = await Promise.all([connect(), connect(), connect()]);
    const mismatches: string[] = [];
    await Promise.all(
      clients.map(async (client, k) => {
        for (let i = 0; i < 50; i++) {
          // Parameters of 200 kB make every Bind span many TCP packets; each connection's statement differs.
          const sent = `${String(k).repeat(200_000)}${i}`;
          const { rows } = await client.query<{ v: string; n: string; k: number }>(`SELECT $1::text AS v, $2::bigint AS n, ${k} AS k`, [sent, i]);
          if (rows[0]!.v !== sent || Number(rows[0]!.n) !== i || rows[0]!.k !== k) mismatches.push(`connection ${k} query ${i}`);
        }
      }),
    );
    expect(mismatches).toEqual([]);
  });

  it("keeps another connection out of an open transaction until it ends", async () => {
    const [a, b] = [await connect(), await connect()];
    await a.query("BEGIN");
    await a.query("INSERT INTO note VALUES ($1, $2)", [1, "uncommitted"]);
    let seen: number | null = null;
    const reading = b.query<{ n: string }>("SELECT count(*) AS n FROM note").then((r) => (seen = Number(r.rows[0]!.n)));
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toBeNull(); // b waits: it would otherwise read inside a's transaction
    await a.query("ROLLBACK");
    await reading;
    expect(seen).toBe(0);
  });

  it("rolls back the transaction of a connection that goes away, and serves the others", async () => {
    const [a, b] = [await connect(), await connect()];
    await a.query("BEGIN");
    await a.query("INSERT INTO note VALUES ($1, $2)", [2, "lost with its connection"]);
    const reading = b.query<{ n: string }>("SELECT count(*) AS n FROM note");
    (a as unknown as { connection: { stream: { destroy: () => void } } }).connection.stream.destroy();
    expect(Number((await reading).rows[0]!.n)).toBe(0);
    expect(pglite.isInTransaction()).toBe(false);
  });

  it("refuses a connection over the limit with PostgreSQL's own error", async () => {
    const held = await Promise.all([connect(), connect(), connect(), connect()]);
    await expect(connect()).rejects.toThrow(/too many clients/);
    expect(held).toHaveLength(4);
  });
});

describe("SessionQueue", () => {
  it("passes the turn on when PGlite throws for a connection, so the others are still served", async () => {
    // A PGlite that fails one message: a real one cannot be made to, so this stands in for its two calls used here.
    const fake = {
      isInTransaction: () => false,
      runExclusive: <T>(fn: () => Promise<T>) => fn(),
      execProtocolRawStream: async (message: Uint8Array, { onRawData }: { onRawData: (d: Uint8Array) => void }) => {
        if (message[0] === 0x21) throw new Error("PGlite failed");
        onRawData(new Uint8Array([0x43, 0, 0, 0, 4])); // a reply without ReadyForQuery: the sender would keep its turn
      },
    };
    const queue = new SessionQueue(fake as unknown as PGlite);
    await expect(queue.enqueue(1, new Uint8Array([0x21]), () => {})).rejects.toThrow("PGlite failed");
    const served: Uint8Array[] = [];
    await queue.enqueue(2, new Uint8Array([0x50]), (d) => served.push(d));
    expect(served).toHaveLength(1);
  });
});
