import { z } from "zod";
import { withHandler } from "@/lib/api/with-handler";
import { listTickers } from "@/lib/tickers/list-tickers";

export const dynamic = "force-dynamic";

const querySchema = z.object({ q: z.string().max(64, "q is too long").optional() });

export const GET = withHandler(async (request) => {
  const { q } = querySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  return listTickers({ q });
});
