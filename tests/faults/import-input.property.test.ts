import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { importFiles } from "@/lib/import/import-files";
import { parseFileContent } from "@/lib/import/parse-file-content";
import type { ParseResult, RowReport } from "@/lib/import/types";
import { symbolSchema } from "@/lib/validation/params";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres import property run");

const RUNS = Number(process.env.PROPERTY_RUNS ?? 10_000);
const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/import");
const names = fs.readdirSync(FIXTURES).filter((f) => !f.endsWith(".gz") && fs.statSync(path.join(FIXTURES, f)).isFile()).sort();
const texts = Object.fromEntries(names.map((f) => [f, fs.readFileSync(path.join(FIXTURES, f), "utf8")]));
const jsonNames = names.filter((f) => f.endsWith(".json"));

/** Tokens that break parsers: separators, quotes, numbers at the edges of float64, control and wide characters. */
const nasty = fc.constantFrom(
  ",", ";", "\t", "\n", "\r\n", "\r", '"', '""', "'", "\\", "{", "}", "[", "]", ":", "\u0000", "\ufeff", "\u2028", "😀", "é",
  "NaN", "Infinity", "-Infinity", "1e309", "-1e309", "1e-400", "0", "-0", "-1", "9".repeat(400), "0x1F", "null", "undefined", "true",
  "2016-02-30", "2016-13-01", "0000-00-00", "9999-12-31", "1/2/2016", "2016-01-04T12:00:00Z", "'; DROP TABLE ticker;--", "__proto__",
  "Date,Open,High,Low,Close,Volume", "date,open,high,low,close,volume,Name", "<html>", "Error Message", "Note",
);
const insertion = fc.oneof(nasty, fc.string({ maxLength: 6 }), fc.string({ unit: "binary", maxLength: 4 }));

type Edit = { kind: "insert" | "delete" | "replace" | "duplicate-line" | "drop-line" | "truncate"; at: number; len: number; text: string };
const edit = fc.record({
  kind: fc.constantFrom("insert", "delete", "replace", "duplicate-line", "drop-line", "truncate"),
  at: fc.nat(),
  len: fc.nat({ max: 40 }),
  text: insertion,
}) as fc.Arbitrary<Edit>;

function applyEdit(text: string, e: Edit): string {
  const at = text.length ? e.at % (text.length + 1) : 0;
  switch (e.kind) {
    case "insert":
      return text.slice(0, at) + e.text + text.slice(at);
    case "delete":
      return text.slice(0, at) + text.slice(at + e.len);
    case "replace":
      return text.slice(0, at) + e.text + text.slice(at + e.text.length);
    case "truncate":
      return text.slice(0, at);
    default: {
      const lines = text.split("\n");
      const i = e.at % lines.length;
      if (e.kind === "drop-line") lines.splice(i, 1);
      else lines.splice(i, 0, lines[i]);
      return lines.join("\n");
    }
  }
}

/** A JSON fixture with values at random paths replaced, removed or retyped. */
function mutateJson(value: unknown, picks: number[], replacement: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object" || depth > 6) return picks[depth] % 5 === 0 ? replacement : value;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (entries.length === 0) return replacement;
  const target = picks[depth % picks.length] % entries.length;
  const action = picks[(depth + 1) % picks.length] % 4;
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as object) };
  const key = entries[target][0];
  if (action === 0) {
    if (Array.isArray(out)) out.splice(Number(key), 1);
    else delete out[key];
  } else if (action === 1) (out as Record<string, unknown>)[key] = replacement;
  else (out as Record<string, unknown>)[key] = mutateJson(entries[target][1], picks, replacement, depth + 1);
  return out;
}

const jsonReplacement = fc.oneof(
  fc.constantFrom(null, "", "NaN", "1e309", 1e308, -1, 0, "2016-02-30", "\u0000", { __proto__: { polluted: 1 } }, [], {}, "abc", true),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Random file contents: mutated fixtures (text, JSON structure, gzip) and text made from scratch. */
const content: fc.Arbitrary<{ file: string; content: Buffer | string }> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...names), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([f, edits]) => ({ file: f, content: edits.reduce(applyEdit, texts[f]) })) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom(...jsonNames), fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), jsonReplacement).map(([f, picks, r]) => ({
      file: f,
      content: JSON.stringify(mutateJson(JSON.parse(texts[f]), picks, r)),
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...names), fc.array(edit, { maxLength: 2 }), fc.boolean()).map(([f, edits, cut]) => {
      const gz = gzipSync(edits.reduce(applyEdit, texts[f]));
      return { file: `${f}.gz`, content: cut ? gz.subarray(0, Math.max(2, gz.length >> 1)) : gz };
    }),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom("date,open,high,low,close,volume,Name", "Date,Open,High,Low,Close,Adj Close,Volume", "timestamp,open,high,low,close,volume", "<DATE>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>", ""),
      fc.array(fc.array(fc.oneof(nasty, fc.double().map(String), fc.string({ maxLength: 5 })), { maxLength: 8 }), { maxLength: 12 })).map(([header, rows]) => ({
      file: "RND.csv",
      content: [header, ...rows.map((r) => r.join(","))].join("\n"),
    })),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ file: "bytes.csv", content: Buffer.from(bytes) })) },
);

function expectReportAddsUp(report: RowReport) {
  expect(report.kept + report.rejected).toBe(report.read);
  expect(report.fixed).toBeLessThanOrEqual(report.kept);
  for (const n of [report.read, report.kept, report.rejected, report.fixed]) expect(Number.isInteger(n) && n >= 0).toBe(true);
}

/** The invariants of every parse: no throw, rows accounted for, rejected files carry nothing, kept rows are storable. */
function checkParse(r: ParseResult) {
  expectReportAddsUp(r.report);
  if (!r.ok) {
    expect(r.tickers).toEqual([]);
    expect(r.report.status).toBe("rejected");
    expect(r.report.message).toMatch(/\S/);
    return;
  }
  expect(r.report.status).toBe("ok");
  expect(r.report.tickers).toBe(r.tickers.length);
  expect(r.tickers.length).toBeGreaterThan(0);
  let kept = 0;
  for (const t of r.tickers) {
    expectReportAddsUp(t.report);
    kept += t.report.kept;
    // The read API must be able to address every stored symbol.
    expect(symbolSchema.safeParse(t.symbol).success, t.symbol).toBe(true);
    expect(t.symbol).toBe(t.symbol.toUpperCase());
    // Stored as the ticker's jsonb metadata and merged with `||`, which needs an object on both sides.
    expect(Object.prototype.toString.call(t.metadata)).toBe("[object Object]");
    if (t.scalars.length === 0) expect(t.daily.length).toBe(t.report.kept);
    for (let i = 0; i < t.daily.length; i++) {
      const [d, o, h, l, c, v] = t.daily[i];
      expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10)).toBe(d);
      if (i > 0) expect(t.daily[i - 1][0] < d).toBe(true);
      expect(Number.isFinite(c) && c > 0).toBe(true);
      for (const x of [o, h, l, v]) expect(x === null || Number.isFinite(x)).toBe(true);
      if (h !== null && l !== null) expect(h).toBeGreaterThanOrEqual(l);
    }
    for (const s of t.scalars) for (const [d, value] of s.rows) expect(/^\d{4}-\d{2}-\d{2}$/.test(d) && Number.isFinite(value)).toBe(true);
    // jsonb refuses \u0000 in strings: a document holding one would fail the ticker's insert.
    const documentJson = JSON.stringify(t.document);
    expect(documentJson.includes("\\u0000"), "document holds a NUL character").toBe(false);
    expect(JSON.stringify(t.metadata).includes("\\u0000")).toBe(false);
  }
  expect(kept).toBeLessThanOrEqual(r.report.kept);
}

describe("importers on random and mutated files", () => {
  it(`never throw; read = kept + rejected; a rejected file carries no ticker; kept rows are clean (${RUNS} cases)`, () => {
    let ok = 0;
    fc.assert(
      fc.property(content, (input) => {
        const r = parseFileContent(input);
        if (r.ok) ok++;
        checkParse(r);
      }),
      { numRuns: RUNS },
    );
    // Mutations must leave enough files importable to test the kept-row invariants, not only rejections.
    expect(ok).toBeGreaterThan(RUNS / 10);
  });

  it(`CSV with every provider's header and random cells: same invariants (${RUNS} cases)`, () => {
    const cell = fc.oneof(fc.double({ min: -10, max: 1e6, noNaN: true }).map((x) => x.toFixed(3)), nasty, fc.constant(""));
    const date = fc.oneof(fc.date({ min: new Date("1990-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), nasty);
    const rows = fc.array(fc.tuple(date, cell, cell, cell, cell, cell, fc.constantFrom("AAA", "bbb", "C.D", "", "'; DROP", "😀", "TOO-LONG-SYMBOL-NAME-XXXXXXXX")), { maxLength: 30 });
    fc.assert(
      fc.property(fc.constantFrom("long", "yahoo", "stooq", "av"), rows, (kind, rs) => {
        const header = { long: "date,open,high,low,close,volume,Name", yahoo: "Date,Open,High,Low,Close,Adj Close,Volume", stooq: "Date,Open,High,Low,Close,Volume", av: "timestamp,open,high,low,close,volume" }[kind];
        const lines = rs.map(([d, o, h, l, c, v, n]) => (kind === "long" ? [d, o, h, l, c, v, n] : kind === "yahoo" ? [d, o, h, l, c, c, v] : [d, o, h, l, c, v]).join(","));
        checkParse(parseFileContent({ file: "XYZ.csv", content: [header, ...lines].join("\n") }));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("importer inputs the properties found (regressions)", () => {
  const av = (series: unknown, meta: unknown = { "2. Symbol": "TSLA" }) => JSON.stringify({ "Meta Data": meta, "Time Series (Daily)": series });
  const day = { "1. open": "10", "2. high": "11", "3. low": "9", "4. close": "10.5", "5. volume": "100" };

  it("rejects NUL characters (raw or as \\u0000 in JSON), which PostgreSQL cannot store, instead of failing at the insert", () => {
    expect(parseFileContent({ file: "MSFT.csv", content: texts["MSFT.csv"].replace("Open", "\u0000Open") }).report.message).toMatch(/NUL/);
    expect(parseFileContent({ file: "a.json", content: av({ "2020-01-02": day }, { "2. Symbol": "TS\u0000LA" }) }).report.message).toMatch(/u0000/);
    // A literal backslash-u in a string is fine.
    expect(parseFileContent({ file: "a.json", content: av({ "2020-01-02": day }, { "2. Symbol": "TSLA", note: "\\u0000" }) }).ok).toBe(true);
  });

  it("an AlphaVantage entry that is null or a number is a rejected row, not a TypeError", () => {
    const r = parseFileContent({ file: "a.json", content: av({ "2020-01-02": day, "2020-01-03": null, "2020-01-06": 5 }) });
    expect(r.ok && r.report).toMatchObject({ read: 3, kept: 1, rejected: 2 });
  });

  it("a Yahoo timestamp outside the Date range is a rejected row, not a RangeError", () => {
    const doc = JSON.parse(texts["yahoo-chart.json"]);
    doc.chart.result[0].timestamp[0] = 1e300;
    const r = parseFileContent({ file: "y.json", content: JSON.stringify(doc) });
    const before = parseFileContent({ file: "y.json", content: texts["yahoo-chart.json"] });
    expect(r.ok).toBe(true);
    expect(r.report.rejected).toBe(before.report.rejected + 1);
    expect(r.report.kept + r.report.rejected).toBe(r.report.read);
  });

  it("provider metadata that is not an object ([] or a string) is stored as {}", () => {
    for (const meta of [[], "", true]) {
      const r = parseFileContent({ file: "TSLA.json", content: av({ "2020-01-02": day }, meta) });
      expect(r.ok && r.tickers[0].metadata).toEqual({});
    }
  });
});

async function snapshot(db: Db) {
  const [row] = await db.$queryRaw<{ state: string }[]>`
    SELECT md5(coalesce((SELECT string_agg(t::text, '|' ORDER BY id) FROM ticker t), '')
      || coalesce((SELECT string_agg(d.id || d.content_hash, '|' ORDER BY id) FROM ticker_document d), '')
      || coalesce((SELECT string_agg(s::text, '|' ORDER BY id) FROM series s), '')
      || coalesce((SELECT string_agg(c::text, '|' ORDER BY series_id, year) FROM series_chunk c), '')) AS state`;
  return row.state;
}

describe.each([
  ["PGlite", createPgliteDatabase, false],
  ["PostgreSQL", createPostgresDatabase, !hasPostgres],
] as const)("importing random and mutated files into %s", (_kind, create, skip) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    if (skip) return;
    t = await create();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-import-prop-"));
    await importFiles(t.db, { paths: [path.join(FIXTURES, "long-messy.csv"), path.join(FIXTURES, "MSFT.csv")] });
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)("a rejected file changes nothing; an accepted one stores every ticker it reports, none fails (400 cases)", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(content, async (input) => {
        const file = path.join(dir, `${n++}-${path.basename(input.file)}`);
        fs.writeFileSync(file, input.content);
        const before = await snapshot(t.db);
        const summary = await importFiles(t.db, { url: t.url, paths: [file], concurrency: 1 });
        const [report] = summary.files;
        expect(report.kept + report.rejected).toBe(report.read);
        if (report.status === "rejected") expect(await snapshot(t.db)).toBe(before);
        else expect(report.failed, JSON.stringify(report.failed)).toEqual([]);
        expect(report.created + report.updated + report.unchanged + report.failed.length).toBe(report.tickers);
      }),
      { numRuns: 400 },
    );
  });
});
