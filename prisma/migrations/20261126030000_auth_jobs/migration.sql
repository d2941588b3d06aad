-- Accounts, sessions, API tokens, audit log, background jobs with progress, provider symbols.
-- The job queue itself lives in pg-boss's own schema ("pgboss", created by pg-boss at start); the "job" table is
-- the app's view of a job (who started it, its parameters, progress and result) keyed by the pg-boss job id.

CREATE TABLE "app_user" (
    "id" SERIAL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" TEXT NOT NULL CHECK ("role" IN ('admin', 'investor')),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
-- Emails are stored lower-cased; the unique index makes "A@x" and "a@x" one account.
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user" ("email");

-- Only a SHA-256 of the session token is stored: a leaked table does not give usable cookies.
CREATE TABLE "user_session" (
    "id" BIGSERIAL PRIMARY KEY,
    "user_id" INTEGER NOT NULL REFERENCES "app_user"("id") ON DELETE CASCADE,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "user_agent" TEXT
);
CREATE UNIQUE INDEX "user_session_token_hash_key" ON "user_session" ("token_hash");
CREATE INDEX "user_session_user_id_idx" ON "user_session" ("user_id");

CREATE TABLE "api_token" (
    "id" SERIAL PRIMARY KEY,
    "user_id" INTEGER NOT NULL REFERENCES "app_user"("id") ON DELETE CASCADE,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3)
);
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token" ("token_hash");
CREATE INDEX "api_token_user_id_idx" ON "api_token" ("user_id");

CREATE TABLE "audit_log" (
    "id" BIGSERIAL PRIMARY KEY,
    "user_id" INTEGER REFERENCES "app_user"("id") ON DELETE SET NULL,
    "user_email" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "audit_log_created_at_idx" ON "audit_log" ("created_at" DESC);

CREATE TABLE "job" (
    "id" TEXT PRIMARY KEY,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('train', 'reindex', 'refresh-prices')),
    "params" JSONB NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT 'queued' CHECK ("state" IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    "progress" JSONB NOT NULL DEFAULT '{}',
    "result" JSONB,
    "error" TEXT,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "created_by" INTEGER REFERENCES "app_user"("id") ON DELETE SET NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "heartbeat_at" TIMESTAMPTZ(3)
);
CREATE INDEX "job_created_at_idx" ON "job" ("created_at" DESC);

-- One row per reported step (an epoch of training, a batch of re-indexing): the settings page draws curves from it.
CREATE TABLE "job_progress" (
    "job_id" TEXT NOT NULL REFERENCES "job"("id") ON DELETE CASCADE,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "step" INTEGER NOT NULL,
    "steps" INTEGER NOT NULL,
    "loss" DOUBLE PRECISION,
    "accuracy" DOUBLE PRECISION,
    "val_accuracy" DOUBLE PRECISION,
    "eta_ms" INTEGER,
    "message" TEXT,
    PRIMARY KEY ("job_id", "seq")
);

CREATE TABLE "provider_symbol" (
    "id" SERIAL PRIMARY KEY,
    "symbol" TEXT NOT NULL,
    "provider" TEXT NOT NULL CHECK ("provider" IN ('yahoo', 'stooq')),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_run_at" TIMESTAMPTZ(3),
    "last_status" TEXT,
    "last_message" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX "provider_symbol_symbol_key" ON "provider_symbol" ("symbol");
