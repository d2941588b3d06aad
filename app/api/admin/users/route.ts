import { z } from "zod";
import { recordAudit } from "@/lib/admin/record-audit";
import { roleSchema } from "@/lib/auth/config";
import { createUser } from "@/lib/auth/create-user";
import { withAdmin } from "@/lib/auth/with-auth";
import { db } from "@/lib/db";
import { readJson } from "@/lib/api/read-json";
import { noStore } from "@/lib/auth/no-store";

const bodySchema = z.object({ email: z.string().max(254), password: z.string().min(1).max(200), role: roleSchema });

export const GET = noStore(withAdmin(async () => ({
  users: await db.$queryRaw<{ id: number; email: string; role: string; createdAt: Date }[]>`
    SELECT id, email, role, created_at AS "createdAt" FROM app_user ORDER BY id`,
})));

export const POST = noStore(withAdmin(async (request, { user }) => {
  const body = bodySchema.parse(await readJson(request));
  const created = await createUser(db, body);
  await recordAudit(db, { user, action: "user.create", target: created.email, details: { role: created.role } });
  return Response.json(created, { status: 201 });
}));
