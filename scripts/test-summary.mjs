// Adds up the Vitest and Playwright JSON reports (and failed non-test steps) into one closing line.
import fs from "node:fs";

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);
let passed = 0, failed = 0, skipped = 0;

const vitest = read("test-reports/vitest.json");
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}
const playwright = read("test-reports/playwright.json");
if (playwright?.stats) {
  passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
  failed += playwright.stats.unexpected ?? 0;
  skipped += playwright.stats.skipped ?? 0;
}
const standalone = read("test-reports/standalone.json");
if (standalone) {
  passed += standalone.passed ?? 0;
  failed += standalone.failed ?? 0;
}
const failedSteps = process.argv.slice(2);
if (failedSteps.includes("unit and integration tests") && vitest) explainVitestFailure(vitest);
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join(", ")}`);
// A failed step without test counts (typecheck, lint, build) still counts as a failure.
const stepFailures = failedSteps.filter((s) => !["unit and integration tests", "browser tests", "standalone build"].includes(s)).length;
failed += stepFailures;
if (!vitest) failed += 1;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0);

/** The failing files and Vitest's "Unhandled Errors" block, so a red run says why even when no test failed. */
function explainVitestFailure(report) {
  for (const file of report.testResults ?? []) {
    if (file.status !== "failed") continue;
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === "failed").length;
    console.log(`Failed file: ${file.name} (${failedTests} failed tests)${file.message ? `: ${file.message.slice(0, 2000)}` : ""}`);
  }
  if (!fs.existsSync("test-reports/vitest.log")) return;
  const log = fs.readFileSync("test-reports/vitest.log", "utf8").replace(/\x1b\[[0-9;]*m/g, "").split("\n");
  const start = log.findIndex((line) => /Unhandled (Error|Rejection)s?/.test(line));
  if (start >= 0) console.log(log.slice(start, start + 60).join("\n"));
}
