/**
 * npm run import -- <file|dir|.gz|.xlsx>... [--format FORMAT] [--symbol SYMBOL] [--date-format FORMAT]
 * Imports price files into the database `npm start` uses (DATABASE_URL, else the embedded PGlite).
 */
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { openCliDatabase } from "@/lib/db/cli-database";
import { getEnv, isEmbedded } from "@/lib/env";
import { gzipLimitsFromEnv } from "@/lib/import/gunzip-capped";
import { DATE_FORMATS, type DateFormat } from "@/lib/import/detect-dialect";
import { formatFileReport, formatImportSummary } from "@/lib/import/format-import-report";
import { importFiles } from "@/lib/import/import-files";
import { listImportFiles } from "@/lib/import/list-import-files";
import { IMPORT_FORMATS, type ImportFormat } from "@/lib/import/types";

const USAGE = `Usage: npm run import -- <file|dir|.gz|.xlsx>... [--format FORMAT] [--symbol SYMBOL] [--date-format FORMAT]

Imports daily prices (and fundamentals) into the database npm start uses (DATABASE_URL, else embedded PGlite).
An .xlsx is read from its first sheet, laid out like one of the CSV layouts.
Formats are detected from the content; --format overrides: ${IMPORT_FORMATS.join(", ")}.
--symbol names the ticker of a per-ticker file (default: taken from the file or its name).
Delimiter, decimal comma, thousands separators and the date format are detected from the whole file; when the
dates cannot tell (01/02/2024 with no day over 12), --date-format says: ${DATE_FORMATS.join(", ")}.
Exit code 0 when every file was stored, 1 when a file was rejected or failed, 2 on bad arguments.`;

function fail(message: string): never {
  console.error(`import: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function readArgs() {
  try {
    return parseArgs({
      options: { format: { type: "string" }, symbol: { type: "string" }, "date-format": { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
    });
  } catch (error) {
    fail((error as Error).message);
  }
}

const args = readArgs();
if (args.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (args.positionals.length === 0) fail("no file, directory or .gz given");
const format = args.values.format as ImportFormat | undefined;
if (format !== undefined && !IMPORT_FORMATS.includes(format)) fail(`unknown --format "${format}"`);
const dateFormat = args.values["date-format"] as DateFormat | undefined;
if (dateFormat !== undefined && !DATE_FORMATS.includes(dateFormat)) fail(`unknown --date-format "${dateFormat}"`);
let files: string[];
try {
  files = await listImportFiles(args.positionals);
} catch (error) {
  fail((error as Error).message);
}
if (files.length === 0) fail(`no data files (.csv, .txt, .json, .gz, .xlsx) under ${args.positionals.join(", ")}`);

const database = await openCliDatabase({ log: (line) => console.error(line) }).catch((error: Error) => {
  console.error(`import: cannot open the database: ${error.message}`);
  process.exit(1);
});

const bar = new cliProgress.SingleBar(
  {
    stream: process.stderr,
    format: "{file} |{bar}| {percentage}% | {value}/{total} rows | {phase}",
    hideCursor: true,
    clearOnComplete: true,
  },
  cliProgress.Presets.shades_classic,
);
let barStarted = false;
const started = performance.now();
let exitCode = 0;
try {
  const summary = await importFiles(database.db, {
    // Bulk writes go through node-postgres on the same database (much less CPU than Prisma for large files).
    url: database.url,
    paths: files,
    format,
    symbol: args.values.symbol,
    dateFormat,
    // PGlite runs one transaction at a time; against PostgreSQL two overlap Node's work with the server's.
    concurrency: isEmbedded() ? 1 : 2,
    gzipLimits: gzipLimitsFromEnv(getEnv()),
    onProgress: (p) => {
      const label = `[${p.fileIndex + 1}/${p.files}] ${p.file.split("/").pop()}`;
      if (!barStarted) {
        bar.start(Math.max(p.rowsTotal, 1), p.rowsDone, { file: label, phase: p.phase });
        barStarted = true;
      }
      bar.setTotal(Math.max(p.rowsTotal, 1));
      bar.update(p.rowsDone, { file: label, phase: p.phase === "parse" ? "parsing" : "storing" });
    },
    onReport: (report) => {
      if (barStarted) {
        bar.stop();
        barStarted = false;
      }
      console.log(formatFileReport(report));
    },
  });
  if (barStarted) bar.stop();
  console.log(formatImportSummary(summary, (performance.now() - started) / 1000));
  if (summary.rejectedFiles > 0 || summary.tickers.failed > 0) {
    console.error(
      `import: ${summary.rejectedFiles} file(s) rejected, ${summary.tickers.failed} ticker(s) failed; see the reports above`,
    );
    exitCode = 1;
  }
} catch (error) {
  if (barStarted) bar.stop();
  console.error(`import: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await database.close();
}
process.exit(exitCode);
