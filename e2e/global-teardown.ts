import fs from "node:fs";

/** Removes this run's embedded database folder (about 40 MB) once the server has stopped. */
export default function globalTeardown() {
  const dir = process.env.E2E_PGLITE_DIR;
  if (dir && dir.startsWith("test-results")) fs.rmSync(dir, { recursive: true, force: true });
}
