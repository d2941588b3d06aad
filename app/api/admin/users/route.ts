import { z } from "zod";
import { readJson } from "@/lib/api/read-json-body";
import { roleSchema } from "@/lib/auth/config";
import { createUserByAdmin, listUsers } from "@/lib/auth/manage-users";
import { noStore } from "@/lib/auth/no-store";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";

const bodySchema = z.object({ email: z.string().max(254), role: roleSchema, password: z.string().min(1).max(200).optional() });

export const GET = noStore(withAdmin(async () => ({ users: await listUsers(db) })));

/** Adds a user; without a password one is generated and returned in this answer only. */
export const POST = noStore(
  withAdmin(async (request, { user }) => {
    const body = bodySchema.parse(await readJson(request));
    const created = await createUserByAdmin(db, { actor: user, ...body });
    return Response.json({ ...created.user, ...(created.generatedPassword ? { generatedPassword: created.generatedPassword } : {}) }, { status: 201 });
  }),
);
