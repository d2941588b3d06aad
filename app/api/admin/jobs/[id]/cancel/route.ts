import { z } from "zod";
import { recordAudit } from "@/lib/admin/record-audit";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { cancelJob } from "@/lib/jobs/cancel-job";
import { getClientBoss } from "@/lib/jobs/client-boss";

const paramsSchema = z.object({ id: z.uuid() });

export const POST = withAdmin<{ id: string }>(async (_request, { params, user }) => {
  const { id } = paramsSchema.parse(params);
  const result = await cancelJob(db, await getClientBoss(), { id });
  await recordAudit(db, { user, action: "job.cancel", target: id });
  return result;
});
