-- Account security (issue 13): first-run setup tokens, sign-in limits shared by every replica, disabling users,
-- API tokens that expire and can be read-only.

-- One row per server start that found no admin: the raw token goes to that server's log and a 0600 file; only its
-- SHA-256 is stored, so any replica can check it. All rows are deleted once the first admin exists.
CREATE TABLE "setup_token" (
    "token_hash" TEXT PRIMARY KEY,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "expires_at" TIMESTAMPTZ(3) NOT NULL
);

-- Sign-in attempts per key ("email:<address>" or "ip:<client address>") in a fixed window starting at window_start.
CREATE TABLE "sign_in_limit" (
    "key" TEXT PRIMARY KEY,
    "attempts" INTEGER NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "sign_in_limit_window_start_idx" ON "sign_in_limit" ("window_start");

-- A disabled user cannot sign in, and their sessions and tokens stop working at once (every lookup checks this).
ALTER TABLE "app_user" ADD COLUMN "disabled_at" TIMESTAMPTZ(3);

-- Tokens made before this migration keep working without an expiry; new ones always get one.
ALTER TABLE "api_token" ADD COLUMN "expires_at" TIMESTAMPTZ(3);
ALTER TABLE "api_token" ADD COLUMN "scope" TEXT NOT NULL DEFAULT 'full' CHECK ("scope" IN ('full', 'read'));
