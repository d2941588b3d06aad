import { z } from "zod";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { withUser } from "@/lib/auth/with-auth";
import { db } from "@/lib/db";
import { readJson } from "@/lib/api/read-json";
import { noStore } from "@/lib/auth/no-store";

const bodySchema = z.object({ name: z.string().trim().min(1).max(80) });

export const GET = noStore(withUser(async (_request, { user }) => ({ tokens: await listApiTokens(db, { userId: user.id }) })));

/** The raw token is in this response only; it is stored hashed and cannot be shown again. */
export const POST = noStore(withUser(async (request, { user, via }) => {
  if (via !== "session") return Response.json({ error: { code: "forbidden", message: "Create tokens from the account page" } }, { status: 403 });
  const { name } = bodySchema.parse(await readJson(request));
  const { token, info } = await createApiToken(db, { userId: user.id, name });
  return Response.json({ token, ...info }, { status: 201 });
}));
