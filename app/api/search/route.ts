import { readJsonBody } from "@/lib/api/read-json-body";
import { withHandler } from "@/lib/api/with-handler";
import { db } from "@/lib/db";
import { boundedSearch } from "@/lib/search-server/bounded-search";
import { runSearchRequest } from "@/lib/search-server/run-search-request";
import { answerJson } from "@/lib/search-server/search-result-cache";
import type { SearchResult } from "@/lib/search/types";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MAX_BODY_BYTES = 256 * 1024;

export const POST = withHandler(async (request) => {
  const answer = await boundedSearch(request, async ({ signal, admit }) => runSearchRequest(db, { body: await readJsonBody({ request, maxBytes: MAX_BODY_BYTES }), signal, admit }));
  return answer instanceof Response ? answer : new Response(answerJson(answer as SearchResult), { headers: { "content-type": "application/json" } });
});
