import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCsvRecords } from "@/lib/import/read-csv-records";

const viaCsvParse = (text: string) => parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];

describe("readCsvRecords", () => {
  it("reads plain CSV text exactly as csv-parse does (empty lines, empty fields, ragged rows, final newline)", () => {
    const plain = fc.string({ unit: fc.constantFrom("a", "1", ".", "-", " ", "\t", ",", "\n"), maxLength: 80 });
    fc.assert(
      fc.property(plain, (text) => {
        expect(readCsvRecords(text)).toEqual(viaCsvParse(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves quoted fields and CRLF line ends to csv-parse", () => {
    expect(readCsvRecords('date,name\r\n2015-01-02,"A, Inc."\r\n\r\n')).toEqual([["date", "name"], ["2015-01-02", "A, Inc."], [""]]);
    expect(readCsvRecords("a,b\rc,d\r")).toEqual(viaCsvParse("a,b\rc,d\r"));
  });

  it("throws csv-parse's error on a broken quote", () => {
    expect(() => readCsvRecords('a,b\n"c,d\n')).toThrow();
  });
});
