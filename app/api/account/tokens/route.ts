import { z } from "zod";
import { readJson } from "@/lib/api/read-json-body";
import { createApiToken, listApiTokens, TOKEN_MAX_DAYS, TOKEN_NAME_MAX_LENGTH } from "@/lib/auth/api-tokens";
import { noStore } from "@/lib/auth/no-store";
import { withUser } from "@/lib/api/with-auth";
import { db } from "@/lib/db";

const bodySchema = z.object({
  name: z.string().trim().min(1).max(TOKEN_NAME_MAX_LENGTH),
  scope: z.enum(["read", "full"]).default("full"),
  expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS).default(90),
});

export const GET = noStore(withUser(async (_request, { user }) => ({ tokens: await listApiTokens(db, { userId: user.id }) })));

/** The raw token is in this response only; it is stored hashed and cannot be shown again. */
export const POST = noStore(
  withUser(async (request, { user, via }) => {
    if (via !== "session") return Response.json({ error: { code: "forbidden", message: "Create tokens from the account page" } }, { status: 403 });
    const body = bodySchema.parse(await readJson(request));
    const { token, info } = await createApiToken(db, { userId: user.id, ...body });
    return Response.json({ token, ...info }, { status: 201 });
  }),
);
