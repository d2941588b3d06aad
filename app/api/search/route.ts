import { AppError } from "@/lib/api/app-error";
import { withHandler } from "@/lib/api/with-handler";
import { db } from "@/lib/db";
import { runSearchRequest } from "@/lib/search-service/run-search-request";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = withHandler(async (request) => {
  const body = await request.json().catch(() => {
    throw new AppError("bad_request", "body: not valid JSON");
  });
  return runSearchRequest({ db, body });
});
