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
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join(", ")}`);
// A failed step without test counts (typecheck, lint, build) still counts as a failure.
const stepFailures = failedSteps.filter((s) => !["unit and integration tests", "browser tests", "standalone build"].includes(s)).length;
failed += stepFailures;
if (!vitest) failed += 1;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0);
