// A 50 MB upload through the real server (the image's web role) imports whole: the body reaches the upload route
// untruncated (the proxy does not buffer API bodies), streams to disk, and the image's worker role imports it as
// a job. Signs in as the admin scripts/test-standalone.sh creates from ADMIN_*; starts a worker of its own.
import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";

const { BASE_URL, DATABASE_URL, APP_DIR } = process.env;
const ADMIN = { email: "standalone-admin@patternscope.test", password: "standalone-admin-password" };
const TICKERS = 50;
const DAYS = 2000;
const PAD = "x".repeat(500); // an extra column the importer ignores, so 50 MB stays quick to store

let failures = 0;
const check = (ok, what) => {
  console.log(`  ${ok ? "ok" : "FAIL"}: ${what}`);
  if (!ok) failures++;
};

const lines = ["date,open,high,low,close,volume,Name,note"];
for (let t = 0; t < TICKERS; t++) {
  for (let i = 0; i < DAYS; i++) {
    const day = new Date(Date.UTC(2000, 0, 3) + i * 86_400_000).toISOString().slice(0, 10);
    const c = (20 + t + (i % 50) / 10).toFixed(2);
    lines.push(`${day},${c},${c},${c},${c},${1000 + i},UPL${t},${PAD}`);
  }
}
const csv = Buffer.from(lines.join("\n") + "\n");
check(csv.length >= 50 * 1024 * 1024, `generated ${(csv.length / 1024 / 1024).toFixed(1)} MB, ${TICKERS * DAYS} rows`);

const worker = spawn(path.join(APP_DIR, "docker-entrypoint.sh"), ["worker"], {
  env: { PATH: process.env.PATH, HOME: process.env.HOME ?? "/tmp", DATABASE_URL, NODE_ENV: "production", WORKER_SCHEDULE: "false" },
  stdio: ["ignore", "inherit", "inherit"],
});
try {
  const signin = await fetch(`${BASE_URL}/api/auth/signin`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE_URL },
    body: JSON.stringify(ADMIN),
  });
  const cookie = (signin.headers.get("set-cookie") ?? "").split(";")[0];
  check(signin.status === 200 && cookie.startsWith("ps_session="), `signed in as the admin (${signin.status})`);

  const form = new FormData();
  form.append("files", new Blob([csv], { type: "text/csv" }), "big-upload.csv");
  const upload = await fetch(`${BASE_URL}/api/admin/upload`, { method: "POST", headers: { cookie, origin: BASE_URL }, body: form });
  const queued = await upload.json().catch(() => null);
  check(upload.status === 202 && queued?.files?.[0]?.size === csv.length, `POST /api/admin/upload -> ${upload.status} ${JSON.stringify(queued).slice(0, 200)}`);

  let job = null;
  if (queued?.jobId) {
    for (let i = 0; i < 600; i++) {
      job = await (await fetch(`${BASE_URL}/api/admin/jobs/${queued.jobId}`, { headers: { cookie } })).json();
      if (!["queued", "running"].includes(job.state)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const file = job?.result?.files?.[0];
  check(job?.state === "completed", `the import job ended ${job?.state}${job?.error ? `: ${job.error}` : ""}`);
  check(file?.status === "ok" && file.read === TICKERS * DAYS && file.kept === TICKERS * DAYS && file.tickers === TICKERS, `report: ${JSON.stringify(file && { status: file.status, read: file.read, kept: file.kept, tickers: file.tickers, message: file.message })}`);

  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`
      SELECT count(DISTINCT t.id)::int AS tickers, sum(s.count)::int AS rows, max(s.last)::text AS last
      FROM ticker t JOIN series s ON s.ticker_id = t.id AND s.name = 'daily' WHERE t.symbol LIKE 'UPL%'`);
    const last = new Date(Date.UTC(2000, 0, 3) + (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
    check(rows[0].tickers === TICKERS && rows[0].rows === TICKERS * DAYS && rows[0].last.startsWith(last), `stored: ${JSON.stringify(rows[0])}`);
    const leftover = await client.query("SELECT count(*)::int AS n FROM upload_file");
    check(leftover.rows[0].n === 0, "the stored copy of the upload is removed after the import");
  } finally {
    await client.end();
  }
} finally {
  worker.kill("SIGTERM");
}
process.exit(failures ? 1 : 0);
