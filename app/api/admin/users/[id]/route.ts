import { z } from "zod";
import { readJson } from "@/lib/api/read-json-body";
import { roleSchema } from "@/lib/auth/config";
import { deleteUser, setUserDisabled, setUserRole } from "@/lib/auth/manage-users";
import { noStore } from "@/lib/auth/no-store";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });
const patchSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((b) => b.role !== undefined || b.disabled !== undefined, { message: "send role and/or disabled" });

/** Changes a user's role and/or disables (signs out, stops tokens) or enables them; never the last active admin. */
export const PATCH = noStore(
  withAdmin<{ id: string }>(async (request, { params, user }) => {
    const { id } = paramsSchema.parse(params);
    const body = patchSchema.parse(await readJson(request));
    if (body.role !== undefined) await setUserRole(db, { actor: user, id, role: body.role });
    if (body.disabled !== undefined) await setUserDisabled(db, { actor: user, id, disabled: body.disabled });
    return { ok: true };
  }),
);

export const DELETE = noStore(
  withAdmin<{ id: string }>(async (_request, { params, user }) => {
    const { id } = paramsSchema.parse(params);
    await deleteUser(db, { actor: user, id });
    return { ok: true };
  }),
);
