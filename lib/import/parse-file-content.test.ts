import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseFileContent } from "@/lib/import/parse-file-content";
import type { ParseResult } from "@/lib/import/types";

const FIXTURES = path.resolve(import.meta.dirname, "../../tests/fixtures/import");
const VEGA = path.resolve(import.meta.dirname, "../../node_modules/vega-datasets/data");

function parseFixture(name: string, options: { format?: Parameters<typeof parseFileContent>[0]["format"]; symbol?: string } = {}): ParseResult {
  return parseFileContent({ file: name, content: fs.readFileSync(path.join(FIXTURES, name)), ...options });
}

function counts(bucket: Record<string, { count: number }>) {
  return Object.fromEntries(Object.entries(bucket).map(([k, v]) => [k, v.count]));
}

function expectRejected(result: ParseResult, message: RegExp) {
  expect(result.ok).toBe(false);
  expect(result.tickers).toEqual([]);
  expect(result.report.status).toBe("rejected");
  expect(result.report.message).toMatch(message);
}

describe("parseFileContent: formats", () => {
  it("long CSV: groups by the Name column and cleans each ticker, with a report that adds up", () => {
    const r = parseFixture("long-messy.csv");
    expect(r.ok && r.format).toBe("long-csv");
    expect(r.tickers.map((t) => t.symbol)).toEqual(["AAA", "BBB"]);
    const aaa = r.tickers[0];
    expect(aaa.daily.map((d) => d[0])).toEqual([
      "2016-01-04", "2016-01-05", "2016-01-06", "2016-01-07", "2016-01-08", "2016-01-12", "2016-01-14", "2016-01-18",
    ]);
    expect(aaa.daily[1]).toEqual(["2016-01-05", 10.3, 10.9, 10.1, 10.65, 1150]);
    expect(aaa.daily[3]).toEqual(["2016-01-07", 10.6, null, 10.1, 10.4, 900]);
    expect(aaa.daily[5]).toEqual(["2016-01-12", null, null, null, 88.55, 0]);
    expect(aaa.daily[6]).toEqual(["2016-01-14", null, 10.9, 10.2, 10.6, 800]);
    expect(aaa.daily[7]).toEqual(["2016-01-18", 10.5, 10.8, 10.4, 10.8, null]);
    expect(aaa.report).toMatchObject({ read: 13, kept: 8, rejected: 5, fixed: 7 });
    expect(counts(aaa.report.rejections)).toEqual({
      "duplicate date (a later row replaces it)": 1,
      "missing close": 1,
      "non-numeric close": 1,
      "zero or negative close": 1,
      "invalid date": 1,
    });
    expect(aaa.report.rejections["missing close"].examples).toEqual([8]);
    expect(r.tickers[1].daily[1]).toEqual(["2016-01-05", 20.5, 21.5, 20.0, 21.0, null]);
    // The orphan row without a symbol is counted in the file's report too.
    expect(r.report).toMatchObject({ status: "ok", read: 16, kept: 10, rejected: 6, fixed: 8, tickers: 2, unit: "line" });
    expect(r.report.rejections["missing symbol"]).toEqual({ count: 1, examples: [17] });
    expect(r.report.kept + r.report.rejected).toBe(r.report.read);
    // The provider document keeps this ticker's CSV rows exactly as read.
    expect(aaa.document).toMatchObject({ header: ["date", "open", "high", "low", "close", "volume", "Name"] });
    expect((aaa.document as { rows: string[][] }).rows[2]).toEqual(["2016-01-12", "", "", "", "88.55", "0", "AAA"]);
    expect((aaa.document as { rows: string[][] }).rows).toHaveLength(13);
  });

  it("Yahoo CSV takes the symbol from the file name or --symbol", () => {
    const r = parseFixture("MSFT.csv");
    expect(r.format).toBe("yahoo-csv");
    expect(r.tickers[0].symbol).toBe("MSFT");
    expect(r.tickers[0].daily[0]).toEqual(["2020-01-02", 158.78, 160.73, 158.33, 160.62, 22622100]);
    expect(parseFixture("MSFT.csv", { symbol: "msft2" }).tickers[0].symbol).toBe("MSFT2");
  });

  it("a plain Date,Open,High,Low,Close,Volume file (as Stooq names its per-ticker downloads) is generic CSV; Stooq's <DATE> spelling is Stooq CSV", () => {
    const a = parseFixture("aapl.us.txt");
    expect(a.format).toBe("generic-csv");
    expect(a.tickers[0].symbol).toBe("AAPL");
    expect(a.tickers[0].daily).toHaveLength(3);
    const b = parseFixture("stooq-tickers.txt");
    expect(b.format).toBe("stooq-csv");
    expect(b.tickers.map((t) => [t.symbol, t.daily.length])).toEqual([["IBM", 2], ["INTC", 1]]);
    expect(b.tickers[0].daily[0]).toEqual(["2020-01-02", 129.06, 130.17, 128.3, 129.46, 3293436]);
  });

  it("AlphaVantage daily-adjusted CSV is split-adjusted: a 4:1 split leaves no cliff", () => {
    const r = parseFixture("ZZZ-alphavantage.csv", { symbol: "ZZZ" });
    expect(r.format).toBe("alphavantage-csv");
    const daily = r.tickers[0].daily;
    expect(daily.map((d) => d[0])).toEqual(["2020-08-26", "2020-08-27", "2020-08-28", "2020-08-31", "2020-09-01", "2020-09-02"]);
    expect(daily[2]).toEqual(["2020-08-28", 126.0125, 126.4425, 124.5775, 124.8075, 187629916]);
    for (let i = 1; i < daily.length; i++) expect(Math.abs(daily[i][4] / daily[i - 1][4] - 1)).toBeLessThan(0.06);
  });

  it("AlphaVantage JSON is split-adjusted too", () => {
    const r = parseFixture("alphavantage-daily.json");
    expect(r.format).toBe("alphavantage-json");
    expect(r.tickers[0].symbol).toBe("TSLA");
    expect(r.tickers[0].daily.map((d) => d[4])).toEqual([442.68, 498.32, 475.05]);
  });

  it("Yahoo chart JSON: local trading days, meta, a null close rejected", () => {
    const r = parseFixture("yahoo-chart.json");
    expect(r.format).toBe("yahoo-json");
    const t = r.tickers[0];
    expect(t).toMatchObject({ symbol: "NVDA", name: "NVIDIA Corporation", exchange: "NasdaqGS", currency: "USD" });
    expect(t.daily.map((d) => d[0])).toEqual(["2024-01-02", "2024-01-03", "2024-01-05"]);
    expect(r.report).toMatchObject({ read: 4, kept: 3, rejected: 1, unit: "item" });
    expect(r.report.rejections["missing close"].examples).toEqual([3]);
    expect(t.document).toEqual(JSON.parse(fs.readFileSync(path.join(FIXTURES, "yahoo-chart.json"), "utf8")));
  });

  it("fundamentals JSON: one scalar series per numeric array", () => {
    const r = parseFixture("fundamentals.json");
    expect(r.format).toBe("fundamentals-json");
    const t = r.tickers[0];
    expect(t).toMatchObject({ symbol: "ACME", name: "Acme Corp", exchange: "NYSE", currency: "USD", daily: [] });
    expect(t.scalars).toEqual([
      { name: "revenue", frequency: "quarterly", rows: [["2023-03-31", 1000], ["2023-06-30", 1100]] },
      { name: "market_cap", frequency: "quarterly", rows: [["2023-03-31", 50000], ["2023-06-30", 52000], ["2023-09-30", 51000]] },
      { name: "annual_revenue", frequency: "annual", rows: [["2022-12-31", 4200]] },
    ]);
    expect(r.report).toMatchObject({ read: 5, kept: 4, rejected: 1, fixed: 1 });
  });

  it("an array of row objects (ohlc.json) and gzip of any format", () => {
    const j = parseFixture("ohlc-rows.json", { symbol: "OHLC-SAMPLE" });
    expect(j.format).toBe("ohlc-json");
    expect(j.tickers[0]).toMatchObject({ symbol: "OHLC-SAMPLE", daily: [["2009-06-01", 28.7, 30.05, 28.45, 30.04, null], expect.anything(), expect.anything()] });
    const g = parseFixture("long-small.csv.gz");
    expect(g.format).toBe("long-csv");
    expect(g.tickers[0].symbol).toBe("GZP");
    const y = parseFileContent({ file: "NVDA.json.gz", content: gzipSync(fs.readFileSync(path.join(FIXTURES, "yahoo-chart.json"))) });
    expect(y.format).toBe("yahoo-json");
    expect(y.tickers[0].daily).toHaveLength(3);
  });

  it("--format overrides detection and says when the file does not fit", () => {
    expect(parseFixture("MSFT.csv", { format: "stooq-csv" }).format).toBe("stooq-csv");
    expectRejected(parseFixture("MSFT.csv", { format: "alphavantage-csv" }), /split_coefficient/);
    expectRejected(parseFixture("MSFT.csv", { format: "long-csv" }), /symbol column/);
    expectRejected(parseFixture("MSFT.csv", { format: "yahoo-json" }), /invalid JSON/);
  });

  it("reads the vega-datasets sample files", () => {
    const sp = parseFileContent({ file: "sp500-2000.csv", content: fs.readFileSync(path.join(VEGA, "sp500-2000.csv")), symbol: "SPX" });
    expect(sp.ok).toBe(true);
    expect(sp.tickers[0].symbol).toBe("SPX");
    expect(sp.tickers[0].daily[0]).toEqual(["2000-01-03", 1469.25, 1478, 1438.359985, 1455.219971, 931800000]);
    expect(sp.tickers[0].daily.at(-1)![0]).toBe("2020-04-17");
    const stocks = parseFileContent({ file: "stocks.csv", content: fs.readFileSync(path.join(VEGA, "stocks.csv")) });
    expect(stocks.tickers.map((t) => t.symbol).sort()).toEqual(["AAPL", "AMZN", "GOOG", "IBM", "MSFT"]);
    const aapl = stocks.tickers.find((t) => t.symbol === "AAPL")!;
    expect(aapl.frequency).toBe("monthly");
    expect(aapl.daily[0]).toEqual(["2000-01-01", null, null, null, 25.94, null]);
    expect(stocks.report.fixed).toBe(0);
    const ohlc = parseFileContent({ file: "ohlc.json", content: fs.readFileSync(path.join(VEGA, "ohlc.json")), symbol: "OHLC-SAMPLE" });
    expect(ohlc.tickers[0].daily.length).toBeGreaterThan(20);
  });
});

describe("parseFileContent: whole files rejected with a clear message", () => {
  it.each([
    ["empty.csv", /empty file/],
    ["blank.csv", /empty file/],
    ["header-only.csv", /header but no data rows/],
    ["no-close.csv", /no usable rows \(missing close x1, non-numeric close x1\)/],
    ["error.html", /HTML page instead of prices \(title: "429 Too Many Requests"\)/],
    ["error.txt", /error message instead of prices: "Error: API rate limit exceeded/],
    ["stooq-limit.txt", /error message instead of prices: "Exceeded the daily hits limit"/],
    ["alphavantage-error.json", /AlphaVantage returned a message instead of prices \(Error Message\): "Invalid API call/],
    ["alphavantage-note.json", /AlphaVantage returned a message instead of prices \(Note\): "Thank you for using Alpha Vantage/],
    ["yahoo-chart-error.json", /Yahoo chart API returned an error instead of prices: "Not Found: No data found/],
  ])("%s", (name, message) => {
    expectRejected(parseFixture(name), message);
  });

  it("other unusable content", () => {
    expectRejected(parseFileContent({ file: "x.json", content: "{ not json" }), /invalid JSON/);
    expectRejected(parseFileContent({ file: "x.json", content: '{"hello": 1}' }), /not a known price document/);
    expectRejected(parseFileContent({ file: "x.csv", content: "a,b,c\n1,2,3\n" }), /not a known price layout/);
    expectRejected(parseFileContent({ file: "x.csv", content: "Service unavailable\n" }), /message instead of prices: "Service unavailable"/);
    expectRejected(parseFileContent({ file: "x.csv.gz", content: Buffer.from([0x1f, 0x8b, 1, 2, 3]) }), /corrupt gzip/);
    expectRejected(parseFileContent({ file: "x.csv.gz", content: gzipSync("") }), /empty file/);
    expectRejected(parseFileContent({ file: "@@@.csv", content: "Date,Close\n2020-01-02,1\n" }), /no symbol/);
    expectRejected(parseFileContent({ file: "A.csv", content: "Date,Close\n2020-01-02,1\n", symbol: "bad symbol!" }), /invalid --symbol/);
  });
});
