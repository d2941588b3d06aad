import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { checkDatabase } from "@/lib/health/check-database";
import { eventLoopStats } from "@/lib/health/event-loop-delay";
import { searchIndexStatus } from "@/lib/search-server/get-search-index";

export const dynamic = "force-dynamic";

/**
 * 200 while the database answers, also while the search index is still loading (it says so: `searchIndex.state`).
 * With PATTERNSCOPE_LOOP_STATS=true (benchmarks) it adds the event loop's delay; `?loopStats=reset` restarts it.
 */
export async function GET(request: NextRequest) {
  const dbOk = await checkDatabase(db, { timeoutMs: 1000 });
  const searchIndex = searchIndexStatus(db);
  const loop = getEnv().PATTERNSCOPE_LOOP_STATS ? { eventLoop: eventLoopStats({ reset: request.nextUrl.searchParams.get("loopStats") === "reset" }) } : {};
  if (dbOk) return NextResponse.json({ status: "ok", db: "ok", searchIndex, ...loop });
  return NextResponse.json(
    { status: "error", db: "unreachable", searchIndex, ...loop, error: { code: "unavailable", message: "The database is unreachable" } },
    { status: 503, headers: { "Retry-After": "5" } },
  );
}
