import { z } from "zod";
import { listAudit } from "@/lib/admin/list-audit";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const GET = withAdmin(async (request) => {
  const { limit } = querySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return { entries: await listAudit(db, { limit }) };
});
