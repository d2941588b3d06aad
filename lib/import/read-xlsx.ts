import ExcelJS from "exceljs";
import yauzl from "yauzl";
import { DEFAULT_GZIP_LIMITS, expansionCap, expansionLimitError, type GzipLimits } from "@/lib/import/gunzip-capped";

/** The zip local-file signature every .xlsx starts with. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Inflates every entry of a zip (an .xlsx) and counts the bytes, failing (GzipLimitError) as soon as the total
 * passes the cap the gzip limits give for its size: a zip bomb is refused before the sheet reader inflates it.
 * yauzl also refuses an entry that inflates past the size its header declares.
 */
export async function checkZipExpansion(file: string, size: number, limits: GzipLimits = DEFAULT_GZIP_LIMITS): Promise<void> {
  const cap = expansionCap(size, limits);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, validateEntrySizes: true }, (error, z) => (error ? reject(error) : resolve(z))),
  );
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("error", reject);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        if (total + entry.uncompressedSize > cap) return reject(expansionLimitError("xlsx", size, cap, limits));
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          stream.on("data", (chunk: Buffer) => {
            total += chunk.length;
            if (total > cap) {
              stream.destroy();
              reject(expansionLimitError("xlsx", size, cap, limits));
            }
          });
          stream.on("error", reject);
          stream.on("end", () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/** A cell as the CSV reader would see its text: numbers in plain digits, dates as YYYY-MM-DD (or an ISO time). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value;
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("text" in value) return String(value.text);
  if ("result" in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  return ""; // an error cell (#N/A, #DIV/0!)
}

/**
 * The first worksheet's rows as records of cell texts, streamed (exceljs' streaming reader: the sheet is never
 * held whole; only the shared strings table is). Rows the sheet skips come as empty records, so record index + 1
 * stays the row number. Yields the sheet's name first.
 */
export async function* xlsxRecords(file: string): AsyncGenerator<string[] | { sheet: string }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" });
  for await (const sheet of workbook) {
    yield { sheet: (sheet as unknown as { name: string }).name };
    let next = 1;
    for await (const row of sheet) {
      for (; next < row.number; next++) yield [""];
      const values = row.values as ExcelJS.CellValue[];
      const cells: string[] = [];
      for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
      yield cells.length ? cells : [""];
      next = row.number + 1;
    }
    // Only the first sheet is read.
    return;
  }
}
