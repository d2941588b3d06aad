import { describe, expect, it } from "vitest";
import { detectDateFormat, detectDelimiter, detectNumberStyle, parseDateAs, parseStyledNumber } from "@/lib/import/detect-dialect";

describe("dialect detection", () => {
  it("finds the delimiter that splits the header and the rows alike", () => {
    expect(detectDelimiter("Date;Open;Close\n02.01.2024;1,5;1,6\n")).toBe(";");
    expect(detectDelimiter('"Date","Price"\n"01/02/2024","1,074.06"\n')).toBe(",");
    expect(detectDelimiter("<DATE>\t<CLOSE>\n2024.01.02\t1.1\n")).toBe("\t");
    expect(detectDelimiter("date|close\n2024-01-02|1.5\n")).toBe("|");
  });

  it("tells a decimal comma from a thousands comma, and reads suffixed volumes", () => {
    expect(detectNumberStyle(["1.234,50", "12,5", "1.234.567"], ";")).toEqual({ decimal: ",", thousands: ".", volumeSuffixes: false });
    expect(detectNumberStyle(["1,074.06", "135,480,400", "1,074"], ",")).toEqual({ decimal: ".", thousands: ",", volumeSuffixes: false });
    expect(detectNumberStyle(["10.5", "1.2M", "350K"], ",")).toEqual({ decimal: ".", thousands: null, volumeSuffixes: true });
    expect(parseStyledNumber("1.234,50", { decimal: ",", thousands: "." })).toBe(1234.5);
    expect(parseStyledNumber("1,074.06", { decimal: ".", thousands: "," })).toBe(1074.06);
    expect(parseStyledNumber("1.2M", { decimal: ".", thousands: null })).toBe(1_200_000);
    expect(parseStyledNumber("350K", { decimal: ".", thousands: null })).toBe(350_000);
    expect(parseStyledNumber("-", { decimal: ".", thousands: null })).toBe("");
    expect(parseStyledNumber("n/a", { decimal: ".", thousands: null })).toBeNaN();
  });

  it("infers the date format from the whole column, and says when it cannot", () => {
    expect(detectDateFormat(["01/02/2024", "01/03/2024", "13/03/2024"])).toEqual({ ok: true, format: "DD/MM/YYYY" });
    expect(detectDateFormat(["01/02/2024", "01/13/2024"])).toEqual({ ok: true, format: "MM/DD/YYYY" });
    expect(detectDateFormat(["01/02/2024", "02/03/2024"])).toMatchObject({ ok: false, message: expect.stringContaining("--date-format DD/MM/YYYY or --date-format MM/DD/YYYY") });
    expect(detectDateFormat(["02.01.2024"])).toEqual({ ok: true, format: "DD.MM.YYYY" });
    expect(detectDateFormat(["20240102"])).toEqual({ ok: true, format: "YYYYMMDD" });
    expect(detectDateFormat(["1704186000"])).toEqual({ ok: true, format: "unix-s" });
    expect(detectDateFormat(["1704186000000"])).toEqual({ ok: true, format: "unix-ms" });
    expect(detectDateFormat(["2024-01-02", "2024-01-03", "1/2/2016"])).toEqual({ ok: true, format: "YYYY-MM-DD" });
  });

  it("reads dates in a given format, refusing days that do not exist", () => {
    expect(parseDateAs("02.01.2024", "DD.MM.YYYY")).toBe("2024-01-02");
    expect(parseDateAs("01/02/2024", "MM/DD/YYYY")).toBe("2024-01-02");
    expect(parseDateAs("01/02/2024", "DD/MM/YYYY")).toBe("2024-02-01");
    expect(parseDateAs("31/02/2024", "DD/MM/YYYY")).toBeNull();
    expect(parseDateAs("2024.01.02", "YYYY.MM.DD")).toBe("2024-01-02");
    expect(parseDateAs("1704186000", "unix-s")).toBe("2024-01-02");
    expect(parseDateAs("1704186000000", "unix-ms")).toBe("2024-01-02");
    expect(parseDateAs("8640000000000.001", "unix-s")).toBeNull();
    expect(parseDateAs("8640000000000001", "unix-ms")).toBeNull();
    expect(parseDateAs("2024-01-02", "DD/MM/YYYY")).toBeNull();
  });
});
