import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AppError } from "@/lib/errors/app-error";
import { DATE_FORMATS, type DateFormat } from "@/lib/import/detect-dialect";
import { queueUploadImport } from "@/lib/jobs/queue-upload-import";
import { receiveMultipartUpload } from "@/lib/admin/receive-multipart-upload";
import { recordAudit } from "@/lib/admin/record-audit";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { getClientBoss } from "@/lib/jobs/client-boss";

const MAX_FILES = 200;

/**
 * Multipart upload (field "files", optional "dateFormat" for files whose dates cannot tell): the parts stream to a private temp folder under UPLOAD_MAX_MB, are stored
 * in the database and imported by an "import" job in the worker, not in this process. Answers 202 with the job's
 * id; the Data page polls the job for progress and the per-file reports.
 */
export const POST = withAdmin(async (request, { user }) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "ps-upload-"));
  try {
    const { files, fields } = await receiveMultipartUpload({
      body: request.body,
      contentType: request.headers.get("content-type") ?? "",
      maxBytes: getEnv().UPLOAD_MAX_MB * 1024 * 1024,
      maxFiles: MAX_FILES,
      dir,
    });
    const dateFormat = fields.dateFormat || undefined;
    if (dateFormat !== undefined && !(DATE_FORMATS as readonly string[]).includes(dateFormat)) {
      throw new AppError("bad_request", `dateFormat: one of ${DATE_FORMATS.join(", ")}, or empty to detect it`);
    }
    const job = await queueUploadImport(db, await getClientBoss(), { files, userId: user.id, dateFormat: dateFormat as DateFormat | undefined });
    await recordAudit(db, {
      user,
      action: "data.upload",
      target: files.map((f) => f.name).join(", ").slice(0, 500),
      details: { jobId: job.id, files: files.length, bytes: files.reduce((n, f) => n + f.size, 0) },
    });
    return Response.json({ jobId: job.id, files: files.map((f) => ({ name: f.name, size: f.size })) }, { status: 202 });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
