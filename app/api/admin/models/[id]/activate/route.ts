import { z } from "zod";
import { recordAudit } from "@/lib/admin/record-audit";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { getClientBoss } from "@/lib/jobs/client-boss";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { activateModelVersion } from "@/lib/model/activate-model-version";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

/** Activates a version (also how an admin rolls back) and queues the re-indexing of embeddings with it. */
export const POST = withAdmin<{ id: string }>(async (_request, { params, user }) => {
  const { id } = paramsSchema.parse(params);
  await activateModelVersion(db, { id });
  const reindex = await enqueueJob(db, await getClientBoss(), { kind: "reindex", params: { versionId: id }, userId: user.id });
  await recordAudit(db, { user, action: "model.activate", target: String(id), details: { reindexJob: reindex.id } });
  return { activated: id, reindexJob: reindex.id };
});
