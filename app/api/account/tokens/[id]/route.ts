import { z } from "zod";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { withUser } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { noStore } from "@/lib/auth/no-store";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

export const DELETE = noStore(withUser<{ id: string }>(async (_request, { params, user }) => {
  const { id } = paramsSchema.parse(params);
  await revokeApiToken(db, { userId: user.id, id });
  return { ok: true };
}));
