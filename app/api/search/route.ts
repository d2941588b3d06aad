import { readJsonBody } from "@/lib/api/read-json-body";
import { withHandler } from "@/lib/api/with-handler";
import { db } from "@/lib/db";
import { boundedSearch } from "@/lib/search-server/bounded-search";
import { runSearchRequest } from "@/lib/search-server/run-search-request";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MAX_BODY_BYTES = 256 * 1024;

export const POST = withHandler(async (request) =>
  boundedSearch(request, async ({ signal, admit }) => runSearchRequest(db, { body: await readJsonBody({ request, maxBytes: MAX_BODY_BYTES }), signal, admit })),
);
