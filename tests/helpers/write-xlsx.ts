import path from "node:path";
import ExcelJS from "exceljs";

/**
 * Writes `dir/name`, an .xlsx whose first sheet `sheet` holds `rows` (Date cells shown as yyyy-mm-dd), built with
 * exceljs so that no binary fixture lives in git.
 */
export async function writeXlsx(dir: string, name: string, sheet: string, rows: unknown[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(1).numFmt = "yyyy-mm-dd";
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}
