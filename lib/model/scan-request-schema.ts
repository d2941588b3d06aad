import { z } from "zod";
import { PATTERN_CLASSES } from "@/ml/shapes";

/** The patterns a scan can ask for: every class the model predicts except "noise". */
export const SCAN_PATTERNS = PATTERN_CLASSES.filter((c) => c !== "noise") as Exclude<(typeof PATTERN_CLASSES)[number], "noise">[];

/** The model is trained on windows of 24..128 candles resampled to its input; a little either side still works. */
export const MIN_LOOKBACK = 20;
export const MAX_LOOKBACK = 250;

/** GET /api/scan query string (strings from the URL, coerced). */
export const scanRequestSchema = z.object({
  pattern: z.enum(SCAN_PATTERNS as [string, ...string[]], { message: `expected one of ${SCAN_PATTERNS.join(", ")}` }),
  lookback: z.coerce.number().int("expected a whole number").min(MIN_LOOKBACK, `at least ${MIN_LOOKBACK}`).max(MAX_LOOKBACK, `at most ${MAX_LOOKBACK}`).default(60),
  minProbability: z.coerce.number().min(0, "between 0 and 1").max(1, "between 0 and 1").default(0.8),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export type ScanRequest = z.output<typeof scanRequestSchema>;
