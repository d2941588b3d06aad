import { AppError } from "@/lib/errors/app-error";
import { recordAudit } from "@/lib/admin/record-audit";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { getClientBoss } from "@/lib/jobs/client-boss";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { refreshParamsSchema } from "@/lib/jobs/types";

/** Runs the price refresh now, as a job on the worker (the same job the daily schedule starts). */
export const POST = withAdmin(async (request, { user }) => {
  const text = await request.text();
  let body: unknown = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new AppError("bad_request", "body: invalid JSON");
  }
  const params = refreshParamsSchema.parse(body);
  const job = await enqueueJob(db, await getClientBoss(), { kind: "refresh-prices", params, userId: user.id });
  await recordAudit(db, { user, action: "job.start.refresh-prices", target: job.id, details: params });
  return Response.json(job, { status: 202 });
});
