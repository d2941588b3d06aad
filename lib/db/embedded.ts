import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export type EmbeddedServer = { url: string; stop: () => Promise<void> };

function portOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Serves PGlite from `dataDir` over the pg wire protocol on localhost, so the app and the CLIs use one code
 * path (node-postgres) for both the embedded and a real database. When something already listens on the port
 * (a running `npm start`), it is reused: one process owns a PGlite data folder.
 */
export async function startEmbeddedDatabase(options: {
  dataDir: string;
  port: number;
  maxConnections?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const url = `postgresql://postgres@127.0.0.1:${options.port}/postgres?sslmode=disable`;
  if (await portOpen(options.port)) {
    options.log?.(`using the embedded database already served on port ${options.port}`);
    return { url, stop: async () => {} };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { servePglite } = await import("@/lib/db/serve-pglite");
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  options.log?.(`starting the embedded database (PGlite) in ${dataDir}`);
  const db = await PGlite.create(dataDir);
  const server = await servePglite(db, { port: options.port, host: "127.0.0.1", maxConnections: options.maxConnections ?? 10 });
  return {
    url,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
