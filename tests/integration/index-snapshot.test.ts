import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchRequestSchema } from "@/lib/search/request-schema";
import { searchPatterns } from "@/lib/search/search-patterns";
import type { SearchIndex } from "@/lib/search/types";
import { loadSearchIndexWithSnapshot, readDataVersion, readIndexSnapshot } from "@/lib/search-server/index-snapshot";
import { loadSearchIndex } from "@/lib/search-server/load-search-index";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { insertDailySeries, makeDailyRows } from "@/tests/helpers/seed-rows";

const hasPostgres = await postgresAvailable();

/** Every column as plain numbers, NaN and -0 kept apart (Object.is compares them). */
function columnsOf(index: SearchIndex) {
  const list = (a: ArrayLike<number>) => Array.from(a, (v) => (Number.isNaN(v) ? "NaN" : Object.is(v, -0) ? "-0" : v));
  return {
    symbols: index.symbols,
    offsets: list(index.offsets),
    days: list(index.days),
    fields: Object.fromEntries(Object.entries(index.fields).map(([k, v]) => [k, list(v)])),
    scalars: Object.fromEntries([...index.scalars].map(([k, s]) => [k, { offsets: list(s.offsets), days: list(s.days), values: list(s.values) }])),
  };
}

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("index snapshot on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-snapshot-"));

  beforeAll(async () => {
    if (skip) return;
    t = await create();
    for (const [symbol, count, seed] of [["ZED", 300, 1], ["aaa", 40, 2], ["MID", 120, 4]] as const) {
      const rows = makeDailyRows("2019-11-01", count, seed);
      if (symbol === "ZED") rows[10]![4] = null;
      await insertDailySeries(t.db, symbol, rows, { scalars: symbol === "MID" ? { revenue: [["2019-12-31", 5], ["2020-03-31", 7]] } : undefined });
    }
  }, 60_000);
  afterAll(async () => {
    await t?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)("a second start on unchanged data reads the saved snapshot, equal column for column to a load from the database; changed data loads from the database again", async () => {
    const first = await loadSearchIndexWithSnapshot(t.db, { dir });
    expect(first.from).toBe("database");
    await first.saved;
    const fromDb = await loadSearchIndex(t.db);
    const second = await loadSearchIndexWithSnapshot(t.db, { dir });
    expect(second.from).toBe("snapshot");
    expect(second.saved).toBeUndefined();
    expect(columnsOf(second.index)).toEqual(columnsOf(fromDb));
    expect(second.index.candles).toBe(fromDb.candles);
    expect(second.index.bySymbol.get("aaa")).toBe(fromDb.bySymbol.get("aaa"));
    expect(second.index.version).not.toBe(first.index.version);
    // and the engines answer from it exactly as from the database's
    for (const method of ["zned", "dtw"] as const) {
      const request = searchRequestSchema.parse({ method, query: { type: "preset", name: "double-bottom" }, minLength: 20, maxLength: 40, topK: 5 });
      const [a, b] = await Promise.all([searchPatterns({ index: second.index, request }), searchPatterns({ index: fromDb, request })]);
      expect(a.matches.length).toBeGreaterThan(0);
      expect(a.matches).toEqual(b.matches);
    }

    await insertDailySeries(t.db, "NEW", makeDailyRows("2020-01-01", 30, 9));
    const third = await loadSearchIndexWithSnapshot(t.db, { dir });
    expect(third.from).toBe("database");
    expect(third.index.symbols).toContain("NEW");
    await third.saved;
    expect((await loadSearchIndexWithSnapshot(t.db, { dir })).from).toBe("snapshot");
  });

  it.skipIf(skip)("a snapshot that is cut short or of other data is not used", async () => {
    const version = await readDataVersion(t.db);
    const first = await loadSearchIndexWithSnapshot(t.db, { dir });
    await first.saved;
    expect(await readIndexSnapshot(dir, version)).not.toBeNull();
    expect(await readIndexSnapshot(dir, `${version}x`)).toBeNull();
    const file = path.join(dir, "search-index.bin");
    fs.truncateSync(file, fs.statSync(file).size - 8);
    expect(await readIndexSnapshot(dir, version)).toBeNull();
    const again = await loadSearchIndexWithSnapshot(t.db, { dir });
    expect(again.from).toBe("database");
    await again.saved;
    expect(await readIndexSnapshot(path.join(dir, "missing"), version)).toBeNull();
  });
});
