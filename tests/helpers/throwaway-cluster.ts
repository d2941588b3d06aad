import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export type ThrowawayCluster = {
  url: string;
  port: number;
  /** pg_ctl stop; "immediate" is a crash as clients see it (connections cut, no checkpoint). */
  stop: (mode?: "immediate" | "fast") => Promise<void>;
  start: () => Promise<void>;
  /** The postmaster's and its children's process ids (to freeze the server with SIGSTOP). */
  pids: () => number[];
  /** Stops the server and removes its folder. */
  destroy: () => Promise<void>;
};

/**
 * initdb refuses to run as root, so as root the cluster is made and run by the `postgres` OS user (runuser) in a
 * temp folder it owns; as any other user it runs as that user.
 */
function asOwner(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() === 0) return ["runuser", ["-u", "postgres", "--", command, ...args]];
  return [command, args];
}

async function exec(command: string, args: string[]) {
  const [cmd, argv] = asOwner(command, args);
  return run(cmd, argv, { timeout: 60_000 });
}

/** Whether a throwaway cluster can be made here: the binaries exist and (as root) a `postgres` user to run them. */
export async function throwawayClusterAvailable(): Promise<string | null> {
  if (!fs.existsSync(path.join(BIN, "initdb")) || !fs.existsSync(path.join(BIN, "pg_ctl"))) return `no initdb/pg_ctl in ${BIN}`;
  if (process.getuid?.() === 0) {
    try {
      await run("id", ["-u", "postgres"]);
    } catch {
      return "running as root without a postgres OS user to run initdb";
    }
  }
  return null;
}

/** A fresh PostgreSQL cluster (initdb, trust auth, 127.0.0.1:`port`) in its own temp folder, started. */
export async function startThrowawayCluster({ port }: { port: number }): Promise<ThrowawayCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `ps-pg-${port}-`));
  if (process.getuid?.() === 0) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    fs.chownSync(root, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = path.join(root, "data");
  const logFile = path.join(root, "server.log");
  await exec(path.join(BIN, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions"]);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const start = async () => {
    await exec(path.join(BIN, "pg_ctl"), ["-D", data, "-l", logFile, "-o", options, "-w", "-t", "30", "start"]);
  };
  const stop = async (mode: "immediate" | "fast" = "fast") => {
    await exec(path.join(BIN, "pg_ctl"), ["-D", data, "-m", mode, "-w", "-t", "30", "stop"]);
  };
  const pids = () => {
    const postmaster = Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    const children = execFileSync("pgrep", ["-P", String(postmaster)], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
    return [postmaster, ...children];
  };
  await start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    pids,
    destroy: async () => {
      // A test that failed while the server was frozen (SIGSTOP) must not leave it frozen.
      try {
        for (const pid of pids()) process.kill(pid, "SIGCONT");
      } catch {
        // not running
      }
      await stop("immediate").catch(() => {});
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Creates a database on the cluster and returns its URL. */
export async function createClusterDatabase(cluster: ThrowawayCluster, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return `postgresql://postgres@127.0.0.1:${cluster.port}/${name}`;
}
