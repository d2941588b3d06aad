import { z } from "zod";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { getJob } from "@/lib/jobs/list-jobs";

const paramsSchema = z.object({ id: z.uuid() });
const querySchema = z.object({ after: z.coerce.number().int().min(-1).default(-1) });

/** The job and its progress steps after `?after=<seq>`: the settings page polls this every second. */
export const GET = withAdmin<{ id: string }>(async (request, { params }) => {
  const { id } = paramsSchema.parse(params);
  const { after } = querySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return getJob(db, { id, afterSeq: after });
});
