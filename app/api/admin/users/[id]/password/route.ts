import { z } from "zod";
import { readJson } from "@/lib/api/read-json-body";
import { resetUserPassword } from "@/lib/auth/manage-users";
import { noStore } from "@/lib/auth/no-store";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });
const bodySchema = z.object({ password: z.string().min(1).max(200).optional() }).strict();

/** Sets a new password (generated and returned once when none is sent); the user's sessions end. */
export const POST = noStore(
  withAdmin<{ id: string }>(async (request, { params, user }) => {
    const { id } = paramsSchema.parse(params);
    const body = bodySchema.parse(await readJson(request));
    return { ok: true, ...(await resetUserPassword(db, { actor: user, id, password: body.password })) };
  }),
);
