import { z } from "zod";
import { withHandler } from "@/lib/api/with-handler";
import { getCandlesJson } from "@/lib/candles/get-candles-json";
import { db } from "@/lib/db";
import { dateRangeSchema, symbolSchema } from "@/lib/validation/params";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ symbol: symbolSchema });

export const GET = withHandler<{ symbol: string }>(async (request, { params }) => {
  const { symbol } = paramsSchema.parse(params);
  const { from, to } = dateRangeSchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  const { body } = await getCandlesJson(db, { symbol, from, to });
  return new Response(body, { headers: { "Content-Type": "application/json" } });
});
