-- Versions of the pattern model (ml/). Weights are stored the way a tfjs IO handler hands them over:
-- model_topology and weight_specs as JSONB, the concatenated weight buffer as BYTEA.
CREATE TABLE "model_version" (
    "id" SERIAL PRIMARY KEY,
    "name" TEXT NOT NULL DEFAULT 'pattern-encoder',
    "status" TEXT NOT NULL DEFAULT 'training' CHECK ("status" IN ('training', 'ready', 'failed')),
    "is_active" BOOLEAN NOT NULL DEFAULT false,
    "config" JSONB NOT NULL DEFAULT '{}',
    "curves" JSONB NOT NULL DEFAULT '[]',
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "model_topology" JSONB,
    "weight_specs" JSONB,
    "weight_data" BYTEA,
    "backend" TEXT,
    "training_ms" INTEGER,
    "peak_rss_mb" INTEGER,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- At most one active version (Prisma's schema cannot express a partial unique index; it lives here).
CREATE UNIQUE INDEX "model_version_one_active" ON "model_version" ("is_active") WHERE "is_active";
CREATE INDEX "model_version_created_at_idx" ON "model_version" ("created_at" DESC);
