import { z } from "zod";
import { recordAudit } from "@/lib/admin/record-audit";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { getClientBoss } from "@/lib/jobs/client-boss";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { listJobs } from "@/lib/jobs/list-jobs";
import { JOB_KINDS } from "@/lib/jobs/types";
import { readJson } from "@/lib/api/read-json-body";

// Imports start from the upload route, which stores their files first.
const bodySchema = z.object({ kind: z.enum(JOB_KINDS).exclude(["import"]), params: z.record(z.string(), z.unknown()).default({}) });

export const GET = withAdmin(async () => ({ jobs: await listJobs(db, { limit: 20 }) }));

export const POST = withAdmin(async (request, { user }) => {
  const body = bodySchema.parse(await readJson(request));
  const job = await enqueueJob(db, await getClientBoss(), { kind: body.kind, params: body.params, userId: user.id });
  await recordAudit(db, { user, action: `job.start.${body.kind}`, target: job.id, details: body.params });
  return Response.json(job, { status: 202 });
});
