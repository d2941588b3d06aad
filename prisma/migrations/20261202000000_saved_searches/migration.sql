-- Saved searches (issue 17): a user's search, re-run when new data touches its tickers, and the history of its matches.

-- The request is stored as validated (lib/search/request-schema.ts). The webhook secret signs deliveries; it is shown
-- to the user once, when the search is saved. last_seen_at: when the user last looked ("N new since").
CREATE TABLE "saved_search" (
    "id" BIGSERIAL PRIMARY KEY,
    "user_id" INTEGER NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE,
    "name" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "webhook_url" TEXT,
    "webhook_secret" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "last_run_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "saved_search_user_id_idx" ON "saved_search" ("user_id");

-- Every window a saved search has returned, once: first_seen_at is when it first appeared (a later run that finds
-- the same window again, or one overlapping it on the same ticker, does not make it new).
CREATE TABLE "saved_search_match" (
    "saved_search_id" BIGINT NOT NULL REFERENCES "saved_search" ("id") ON DELETE CASCADE,
    "symbol" TEXT NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("saved_search_id", "symbol", "end_date")
);
CREATE INDEX "saved_search_match_seen_idx" ON "saved_search_match" ("saved_search_id", "first_seen_at");
