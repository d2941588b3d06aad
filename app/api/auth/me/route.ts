import { withHandler } from "@/lib/api/with-handler";
import { authenticateRequest } from "@/lib/auth/authenticate-request";
import { db } from "@/lib/db";
import { noStore } from "@/lib/auth/no-store";

export const GET = noStore(withHandler(async (request) => {
  const auth = await authenticateRequest(db, request);
  return { user: auth?.user ?? null, via: auth?.via ?? null };
}));
