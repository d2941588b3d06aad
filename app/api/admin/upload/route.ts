import { AppError } from "@/lib/api/app-error";
import { importUploads } from "@/lib/admin/import-uploads";
import { recordAudit } from "@/lib/admin/record-audit";
import { withAdmin } from "@/lib/auth/with-auth";
import { readBodyBytes } from "@/lib/api/read-json-body";
import { db } from "@/lib/db";

/** Upload cap in bytes: UPLOAD_MAX_MB, default 200. */
const maxUploadBytes = () => (Number(process.env.UPLOAD_MAX_MB) > 0 ? Number(process.env.UPLOAD_MAX_MB) : 200) * 1024 * 1024;
const MAX_FILES = 200;

/**
 * Multipart upload (field "files") imported by the CLI's importer. The answer streams NDJSON lines so the page
 * shows progress while it runs: {type:"progress"}, {type:"report"} per file, then {type:"done", summary}.
 */
export const POST = withAdmin(async (request, { user }) => {
  // Read under the cap first (a chunked upload has no Content-Length to refuse it by), then parse the form.
  const maxBytes = maxUploadBytes();
  const bytes = await readBodyBytes({ request, maxBytes }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "payload_too_large") throw new AppError("payload_too_large", `Uploads are limited to ${maxBytes / 1024 / 1024} MB at once`);
    throw error;
  });
  const form = await new Request(request.url, { method: "POST", headers: { "content-type": request.headers.get("content-type") ?? "" }, body: bytes }).formData().catch(() => {
    throw new AppError("bad_request", "files: send multipart/form-data with one or more files");
  });
  const entries = form.getAll("files").filter((f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f);
  if (entries.length === 0) throw new AppError("bad_request", "files: no file in the upload");
  if (entries.length > MAX_FILES) throw new AppError("bad_request", `files: at most ${MAX_FILES} files at once`);
  const files = await Promise.all(entries.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      let lastProgress = 0;
      try {
        const summary = await importUploads({
          db,
          files,
          onProgress: (p) => {
            const now = Date.now();
            if (now - lastProgress < 150 && p.rowsDone !== p.rowsTotal) return;
            lastProgress = now;
            send({ type: "progress", ...p });
          },
          onReport: (report) => send({ type: "report", report }),
        });
        await recordAudit(db, {
          user,
          action: "data.upload",
          target: files.map((f) => f.name).join(", ").slice(0, 500),
          details: { files: files.length, tickers: summary.tickers, rows: summary.rows },
        });
        send({ type: "done", summary });
      } catch (error) {
        console.error("[upload]", error);
        send({ type: "error", message: (error as Error).message });
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, { headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" } });
});
