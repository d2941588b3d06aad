import { z } from "zod";
import { withHandler } from "@/lib/api/with-handler";
import { db } from "@/lib/db";
import { listTickersJson } from "@/lib/tickers/list-tickers";

export const dynamic = "force-dynamic";

// NUL cannot even be sent to PostgreSQL (a 500 before this check); other control characters never match a name.
const querySchema = z.object({ q: z.string().max(64, "q is too long").regex(/^[^\u0000-\u001f\u007f]*$/, "q may not contain control characters").optional() });

export const GET = withHandler(async (request) => {
  const { q } = querySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return new Response(await listTickersJson(db, { q }), { headers: { "content-type": "application/json" } });
});
