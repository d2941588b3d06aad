import { NextResponse } from "next/server";
import { db } from "@/lib/db";
import { checkDatabase } from "@/lib/health/check-database";
import { searchIndexStatus } from "@/lib/search-server/get-search-index";

export const dynamic = "force-dynamic";

/** 200 while the database answers, also while the search index is still loading (it says so: `searchIndex.state`). */
export async function GET() {
  const dbOk = await checkDatabase({ timeoutMs: 1000 });
  const searchIndex = searchIndexStatus({ db });
  if (dbOk) return NextResponse.json({ status: "ok", db: "ok", searchIndex });
  return NextResponse.json(
    { status: "error", db: "unreachable", searchIndex, error: { code: "unavailable", message: "The database is unreachable" } },
    { status: 503, headers: { "Retry-After": "5" } },
  );
}
