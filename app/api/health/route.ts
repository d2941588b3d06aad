import { NextResponse } from "next/server";
import { checkDatabase } from "@/lib/health/check-database";

export const dynamic = "force-dynamic";

export async function GET() {
  const dbOk = await checkDatabase({ timeoutMs: 1000 });
  if (dbOk) return NextResponse.json({ status: "ok", db: "ok" });
  return NextResponse.json(
    { status: "error", db: "unreachable", error: { code: "unavailable", message: "The database is unreachable" } },
    { status: 503, headers: { "Retry-After": "5" } },
  );
}
