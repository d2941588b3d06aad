-- A binary copy of each chunk's rows for the search index's load (issue 18): printing JSONB and parsing it back
-- was most of a large index's first load. The JSONB rows stay the stored truth; `packed` is derived from them.
--
-- Layout, per row in the rows' order, big-endian (PostgreSQL's int4send/float8send): the date as int32 days since
-- 1970-01-01, then `width` float64 values (5 for OHLCV: open, high, low, close, volume; 1 for a scalar series),
-- NaN where the JSON holds anything but a number. The importer packs in Node (lib/import/pack-chunk-rows.ts, the
-- same bytes); this function is the layout's definition in SQL, for rows written without a copy.
CREATE FUNCTION "pack_chunk_rows"(rows JSONB, width INTEGER) RETURNS BYTEA
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(
    int4send((r ->> 0)::date - DATE '1970-01-01') ||
      (SELECT string_agg(float8send(CASE WHEN jsonb_typeof(r -> k) = 'number' THEN (r -> k)::float8 ELSE 'NaN'::float8 END),
                         ''::bytea ORDER BY k)
       FROM generate_series(1, width) AS k),
    ''::bytea ORDER BY i), ''::bytea)
  FROM jsonb_array_elements(rows) WITH ORDINALITY AS x(r, i)
$$;

-- Keeps `packed` true to `rows` whatever writes them: a statement that sets rows without a new copy (an older
-- importer during a rolling upgrade, a hand-written fix) gets one computed here.
CREATE FUNCTION "series_chunk_keep_packed"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.rows IS DISTINCT FROM OLD.rows AND NEW.packed IS NOT DISTINCT FROM OLD.packed THEN
    NEW.packed := NULL;
  END IF;
  IF NEW.packed IS NULL THEN
    NEW.packed := pack_chunk_rows(NEW.rows,
      (SELECT CASE WHEN s.kind = 'ohlcv' THEN 5 ELSE 1 END FROM series s WHERE s.id = NEW.series_id));
  END IF;
  RETURN NEW;
END
$$;

-- Stored uncompressed: pglz halves the bytes, but decompressing them took PostgreSQL as long as sending them.
ALTER TABLE "series_chunk" ADD COLUMN "packed" BYTEA;
ALTER TABLE "series_chunk" ALTER COLUMN "packed" SET STORAGE EXTERNAL;
UPDATE "series_chunk" c SET "packed" = pack_chunk_rows(c.rows, CASE WHEN s.kind = 'ohlcv' THEN 5 ELSE 1 END)
FROM "series" s WHERE s.id = c.series_id;
ALTER TABLE "series_chunk" ALTER COLUMN "packed" SET NOT NULL;

CREATE TRIGGER "series_chunk_keep_packed" BEFORE INSERT OR UPDATE ON "series_chunk"
FOR EACH ROW EXECUTE FUNCTION series_chunk_keep_packed();
