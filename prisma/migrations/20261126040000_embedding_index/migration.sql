-- The model search's embedding index, stored per model version and ticker so a server start loads it instead of
-- embedding every window again, and an import re-embeds only the tickers whose closes changed.
-- layout: the window lengths and strides indexed ("36/5,54/7,81/10"); data_hash: SHA-1 of the ticker's closes
-- the windows were cut from (a row whose layout or hash differs from the current one is stale).
-- starts: int32 little-endian, positions relative to the ticker's first candle; lengths: int16 little-endian;
-- vectors: int8, windows x embedding_size, each L2-normalised value times 127, rounded.
CREATE TABLE "embedding_index_part" (
    "model_version_id" INTEGER NOT NULL REFERENCES "model_version"("id") ON DELETE CASCADE,
    "ticker_id" INTEGER NOT NULL REFERENCES "ticker"("id") ON DELETE CASCADE,
    "layout" TEXT NOT NULL,
    "data_hash" TEXT NOT NULL,
    "candles" INTEGER NOT NULL,
    "windows" INTEGER NOT NULL,
    "embedding_size" INTEGER NOT NULL,
    "starts" BYTEA NOT NULL,
    "lengths" BYTEA NOT NULL,
    "vectors" BYTEA NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    PRIMARY KEY ("model_version_id", "ticker_id")
);
CREATE INDEX "embedding_index_part_ticker_id_idx" ON "embedding_index_part" ("ticker_id");
