import type PgBoss from "pg-boss";
import type { Db } from "@/lib/db/client";
import type { DateFormat } from "@/lib/import/detect-dialect";
import { deleteUpload, storeUpload, type UploadedFile } from "@/lib/import/uploads";
import { enqueueJob } from "@/lib/jobs/enqueue-job";

/** Stores uploaded files and queues the "import" job that reads them; if queueing fails the stored copy goes. */
export async function queueUploadImport(db: Db, boss: PgBoss, options: { files: readonly UploadedFile[]; userId: number | null; dateFormat?: DateFormat }): Promise<{ id: string }> {
  const uploadId = await storeUpload(db, options.files);
  try {
    return await enqueueJob(db, boss, { kind: "import", params: { uploadId, files: options.files.map((f) => f.name), dateFormat: options.dateFormat }, userId: options.userId });
  } catch (error) {
    await deleteUpload(db, uploadId).catch(() => {});
    throw error;
  }
}
