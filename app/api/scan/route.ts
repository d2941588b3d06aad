import { withHandler } from "@/lib/api/with-handler";
import { db } from "@/lib/db";
import { boundedSearch } from "@/lib/search-server/bounded-search";
import { scanPatterns } from "@/lib/search-server/scan-patterns";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/scan?pattern=double-bottom&lookback=60&minProbability=0.8: tickers whose latest window the model labels so. */
export const GET = withHandler(async (request) =>
  boundedSearch(request, ({ signal, admit }) => scanPatterns(db, { query: Object.fromEntries(request.nextUrl.searchParams), signal, admit })),
);
