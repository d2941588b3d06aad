import { z } from "zod";
import { withHandler } from "@/lib/api/with-handler";
import { db } from "@/lib/db";
import { getSeries } from "@/lib/series/get-series";
import { dateRangeSchema, seriesNameSchema, symbolSchema } from "@/lib/validation/params";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ symbol: symbolSchema, name: seriesNameSchema });

export const GET = withHandler<{ symbol: string; name: string }>(async (request, { params }) => {
  const { symbol, name } = paramsSchema.parse(params);
  const { from, to } = dateRangeSchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return getSeries(db, { symbol, name, from, to });
});
