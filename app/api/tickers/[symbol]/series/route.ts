import { z } from "zod";
import { withHandler } from "@/lib/api/with-handler";
import { db } from "@/lib/db";
import { listSeries } from "@/lib/series/list-series";
import { symbolSchema } from "@/lib/validation/params";

export const dynamic = "force-dynamic";

const paramsSchema = z.object({ symbol: symbolSchema });

export const GET = withHandler<{ symbol: string }>(async (_request, { params }) => {
  const { symbol } = paramsSchema.parse(params);
  return listSeries(db, { symbol });
});
