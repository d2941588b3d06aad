-- Tickers, their provider documents as received, and cleaned series stored as yearly JSONB chunks.
CREATE TABLE "ticker" (
    "id" SERIAL PRIMARY KEY,
    "symbol" TEXT NOT NULL,
    "name" TEXT,
    "exchange" TEXT,
    "currency" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "is_sample" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "ticker_symbol_key" ON "ticker"("symbol");

CREATE TABLE "ticker_document" (
    "id" BIGSERIAL PRIMARY KEY,
    "ticker_id" INTEGER NOT NULL REFERENCES "ticker"("id") ON DELETE CASCADE,
    "source" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "document" JSONB NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "ticker_document_ticker_id_content_hash_key" ON "ticker_document"("ticker_id", "content_hash");

CREATE TABLE "series" (
    "id" SERIAL PRIMARY KEY,
    "ticker_id" INTEGER NOT NULL REFERENCES "ticker"("id") ON DELETE CASCADE,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL CHECK ("kind" IN ('ohlcv', 'scalar')),
    "frequency" TEXT NOT NULL DEFAULT 'daily',
    "first" DATE,
    "last" DATE,
    "count" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "series_ticker_id_name_key" ON "series"("ticker_id", "name");

CREATE TABLE "series_chunk" (
    "series_id" INTEGER NOT NULL REFERENCES "series"("id") ON DELETE CASCADE,
    "year" INTEGER NOT NULL,
    "first" DATE NOT NULL,
    "last" DATE NOT NULL,
    "count" INTEGER NOT NULL,
    "rows" JSONB NOT NULL,
    PRIMARY KEY ("series_id", "year")
);
