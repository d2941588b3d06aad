import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { describeDetected } from "@/lib/import/describe-detected";
import { importFiles } from "@/lib/import/import-files";
import { createPgliteDatabase, createPostgresDatabase, postgresAvailable, type TestDatabase } from "@/tests/helpers/databases";
import { dailyRows } from "@/tests/helpers/import-snapshot";

const hasPostgres = await postgresAvailable();
if (!hasPostgres) console.warn("PostgreSQL at 127.0.0.1:5432 is not reachable: skipping the real-Postgres runs");

const layout = (name: string) => path.resolve(import.meta.dirname, "../fixtures/import/layouts", name);

async function storedCounts(db: Db) {
  return db.$queryRaw<{ tickers: number; chunks: number }[]>`
    SELECT (SELECT count(*) FROM ticker)::int AS tickers, (SELECT count(*) FROM series_chunk)::int AS chunks`;
}

/** Each layout: its file, the format and dialect the report names, and what is stored. */
const LAYOUTS = [
  {
    file: "EUROX.csv",
    format: "generic-csv",
    detected: "semicolon-delimited, decimal comma, thousands point, dates DD.MM.YYYY",
    symbol: "EUROX",
    rows: [
      ["2024-01-02", 1234.5, 1240, 1230.25, 1238.75, 1234567],
      ["2024-01-03", 1238.75, 1245.1, 1235, 1241.2, 987654],
      ["2024-01-04", 1241.2, 1244, 1228.4, 1230, 1100200],
      ["2024-01-15", 1230, 1236.8, 1225.1, 1233.3, 876000],
    ],
  },
  {
    file: "INVX.csv",
    format: "investing-csv",
    detected: "comma-delimited, decimal point, thousands comma, volumes with K/M/B, dates MM/DD/YYYY, newest first, ignored: Change %",
    symbol: "INVX",
    rows: [
      ["2024-01-10", 1055, 1062.4, 1050, 1060.1, 1_200_000_000],
      ["2024-01-11", 1060.1, 1071, 1058.8, 1069, 350_500],
      ["2024-01-12", 1069, 1078.2, 1065.3, 1074.06, 98_200_000],
      ["2024-01-16", 1074.06, 1085.5, 1070, 1080.25, 135_480_000],
    ],
  },
  {
    file: "TVX.csv",
    format: "tradingview-csv",
    detected: "comma-delimited, decimal point, dates unix-s",
    symbol: "TVX",
    rows: [
      ["2024-01-02", 187.15, 188.44, 183.89, 185.64, 82488700],
      ["2024-01-03", 184.22, 185.88, 183.43, 184.25, 58414500],
      ["2024-01-04", 182.15, 183.09, 180.88, 181.91, 71983600],
    ],
  },
  {
    file: "MTX.csv",
    format: "metatrader-csv",
    detected: "tab-delimited, decimal point, dates YYYY.MM.DD, ignored: <TIME>, <VOL>, <SPREAD>",
    symbol: "MTX",
    rows: [
      ["2024-01-02", 1.1042, 1.1045, 1.0937, 1.094, 81234],
      ["2024-01-03", 1.094, 1.0948, 1.0892, 1.0921, 79011],
      ["2024-01-04", 1.0921, 1.0969, 1.0915, 1.0949, 75555],
    ],
  },
  {
    file: "metastock.txt",
    format: "metastock-csv",
    detected: "comma-delimited, decimal point, dates YYYYMMDD, ignored: <PER>, <TIME>",
    symbol: "MSTB",
    rows: [
      ["2024-01-02", 20, 20.4, 19.7, 20.1, 45000],
      ["2024-01-03", 20.1, 20.2, 19.5, 19.6, 51000],
    ],
  },
  {
    file: "polygon-aggs.json",
    format: "polygon-json",
    detected: "",
    symbol: "POLY",
    rows: [
      ["2023-01-09", 130.465, 133.41, 129.89, 130.15, 70790813],
      ["2023-01-10", 130.26, 131.2636, 128.12, 130.73, 63896155],
      ["2023-01-11", 131.25, 133.51, 130.46, 133.49, 69458949],
    ],
  },
  {
    file: "TIIN.json",
    format: "tiingo-json",
    detected: "",
    symbol: "TIIN",
    rows: [
      ["2024-01-02", 187.15, 188.44, 183.89, 185.64, 82488674],
      ["2024-01-03", 184.22, 185.88, 183.43, 184.25, 58414460],
    ],
  },
  {
    file: "EODX.json",
    format: "eod-json",
    detected: "",
    symbol: "EODX",
    rows: [
      ["2024-01-02", 187.15, 188.44, 183.885, 185.64, 82488700],
      ["2024-01-03", 184.22, 185.88, 183.43, 184.25, 58414500],
      ["2024-01-04", 182.15, 183.0872, 180.88, 181.91, 71983600],
    ],
  },
] as const;

describe.each([
  ["postgres", createPostgresDatabase, !hasPostgres],
  ["pglite", createPgliteDatabase, false],
] as const)("import layouts on %s", (_kind, create, skip) => {
  let t: TestDatabase;
  beforeAll(async () => {
    if (skip) return;
    t = await create();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.skipIf(skip).each(LAYOUTS)("imports $file: values, dates and the detected dialect", async (expected) => {
    const summary = await importFiles(t.db, { paths: [layout(expected.file)], concurrency: 1 });
    const report = summary.files[0]!;
    expect(report).toMatchObject({ status: "ok", format: expected.format, rejected: 0, fixed: 0 });
    expect(report.kept).toBe(report.read);
    expect(describeDetected(report)).toBe(expected.detected);
    expect(await dailyRows(t.db, expected.symbol)).toEqual(expected.rows);
  });

  it.skipIf(skip)("reports AlphaVantage's newest-first order as a property of the layout, not as a fix", async () => {
    const summary = await importFiles(t.db, { paths: [path.resolve(import.meta.dirname, "../fixtures/import/alphavantage-daily.json")] });
    const report = summary.files[0]!;
    expect(report).toMatchObject({ status: "ok", order: "newest-first", fixed: 0 });
    expect(Object.keys(report.fixes)).toEqual([]);
    expect(describeDetected(report)).toBe("newest first");
  });

  it.skipIf(skip)("refuses day/month dates the column cannot tell without --date-format, storing nothing; with it, imports them", async () => {
    const before = await storedCounts(t.db);
    const refused = await importFiles(t.db, { paths: [layout("AMBIG.csv")] });
    expect(refused.files[0]).toMatchObject({
      status: "rejected",
      message: 'dates like "01/02/2024" can be DD/MM/YYYY or MM/DD/YYYY and no day in the column is over 12: pass --date-format DD/MM/YYYY or --date-format MM/DD/YYYY',
    });
    expect(await storedCounts(t.db)).toEqual(before);

    const told = await importFiles(t.db, { paths: [layout("AMBIG.csv")], dateFormat: "DD/MM/YYYY" });
    expect(told.files[0]).toMatchObject({ status: "ok", kept: 3 });
    expect(describeDetected(told.files[0]!)).toBe("comma-delimited, decimal point, dates DD/MM/YYYY");
    expect((await dailyRows(t.db, "AMBIG")).map((r) => r[0])).toEqual(["2024-02-01", "2024-02-02", "2024-02-03"]);
  });
});
