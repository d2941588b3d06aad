import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeDetected } from "@/lib/import/describe-detected";
import { readTickerFile } from "@/lib/import/read-ticker-file";
import type { ParsedTicker } from "@/lib/import/types";
import { writeXlsx } from "@/tests/helpers/write-xlsx";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-xlsx-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function read(file: string, options: Partial<Parameters<typeof readTickerFile>[0]> = {}) {
  const opened = await readTickerFile({ file, ...options });
  if (!opened.ok) return { report: opened.report, tickers: [] as ParsedTicker[] };
  const tickers: ParsedTicker[] = [];
  for await (const t of opened.tickers) tickers.push(t);
  return { report: opened.report(), tickers };
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("readTickerFile: .xlsx", () => {
  it("reads a Yahoo-style sheet with Excel dates and numbers", async () => {
    const file = await writeXlsx(dir, "XLSX.xlsx", "Prices", [
      ["Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"],
      [day("2024-01-02"), 10, 11, 9.5, 10.5, 10.4, 1000],
      [day("2024-01-03"), 10.5, 12, 10, 11.75, 11.6, 2000],
      [],
      [day("2024-01-04"), 11.75, 12.5, 11, 12, 11.9, 1500],
    ]);
    const { report, tickers } = await read(file);
    expect(report).toMatchObject({ status: "ok", format: "yahoo-csv", read: 3, kept: 3, rejected: 0, tickers: 1 });
    expect(describeDetected(report)).toBe('Excel sheet "Prices", decimal point, dates YYYY-MM-DD');
    expect(tickers.map((t) => t.symbol)).toEqual(["XLSX"]);
    expect(tickers[0].daily).toEqual([
      ["2024-01-02", 10, 11, 9.5, 10.5, 1000],
      ["2024-01-03", 10.5, 12, 10, 11.75, 2000],
      ["2024-01-04", 11.75, 12.5, 11, 12, 1500],
    ]);
  });

  it("reads a long sheet with a symbol column, dates written as text in a European layout", async () => {
    const file = await writeXlsx(dir, "long.xlsx", "Export", [
      ["Date", "Close", "Ticker"],
      ["13.05.2024", "101,5", "AAA"],
      ["14.05.2024", "102,25", "AAA"],
      ["13.05.2024", "55", "BBB"],
    ]);
    const { report, tickers } = await read(file);
    expect(report).toMatchObject({ status: "ok", format: "long-csv", kept: 3, tickers: 2 });
    expect(report.dialect).toMatchObject({ decimal: ",", dateFormat: "DD.MM.YYYY", sheet: "Export" });
    expect(tickers.map((t) => [t.symbol, t.daily.map((r) => [r[0], r[4]])])).toEqual([
      ["AAA", [["2024-05-13", 101.5], ["2024-05-14", 102.25]]],
      ["BBB", [["2024-05-13", 55]]],
    ]);
  });

  it("refuses ambiguous dates, an unknown header, a broken zip and a zip that expands past the limits, with a clear message", async () => {
    const ambiguous = await writeXlsx(dir, "AMB.xlsx", "S", [["Date", "Close"], ["01/02/2024", 1], ["02/03/2024", 2]]);
    expect((await read(ambiguous)).report).toMatchObject({ status: "rejected", message: expect.stringMatching(/can be DD\/MM\/YYYY or MM\/DD\/YYYY/) });
    expect((await read(ambiguous, { dateFormat: "DD/MM/YYYY" })).tickers[0].daily.map((r) => r[0])).toEqual(["2024-02-01", "2024-03-02"]);

    const header = await writeXlsx(dir, "HDR.xlsx", "S", [["a", "b"], [1, 2]]);
    expect((await read(header)).report).toMatchObject({ status: "rejected", message: expect.stringMatching(/is not a known price layout/) });

    const broken = path.join(dir, "BROKEN.xlsx");
    fs.writeFileSync(broken, fs.readFileSync(header).subarray(0, 200));
    expect((await read(broken)).report).toMatchObject({ status: "rejected", message: expect.stringMatching(/^unreadable \.xlsx: /) });

    const rows: unknown[][] = [["Date", "Close"]];
    for (let i = 0; i < 20_000; i++) rows.push([day("2000-01-03"), 1]);
    const big = await writeXlsx(dir, "BIG.xlsx", "S", rows);
    expect((await read(big, { gzipLimits: { maxOutputBytes: 512 * 1024, maxRatio: 50 } })).report).toMatchObject({
      status: "rejected",
      message: expect.stringMatching(/^xlsx expands past 0\.5 MB \(the 0\.5 MB limit\): refused as a possible zip bomb, nothing imported/),
    });
  });
});
