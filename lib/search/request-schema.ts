import { z } from "zod";
import { isRealDate } from "@/lib/search/dates";
import { PRESET_NAMES } from "@/lib/search/presets";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD").refine(isRealDate, "not a real calendar date");

export const MAX_TOP_K = 500;
export const DEFAULT_HORIZON = 20;

export const sketchQuerySchema = z.object({
  type: z.literal("sketch"),
  /** equally spaced in time; any scale (the search z-normalises) */
  points: z.array(z.number()).min(5, "at least 5 points").max(512, "at most 512 points"),
});
export const rangeQuerySchema = z.object({ type: z.literal("range"), symbol: z.string().min(1), from: isoDate, to: isoDate });
export const presetQuerySchema = z.object({ type: z.literal("preset"), name: z.enum(PRESET_NAMES) });
export const sequenceQuerySchema = z.object({
  type: z.literal("sequence"),
  /** candle colours: G up, R down, D doji (or flat); with colorBy "change" also O (a small drop) */
  pattern: z.string().regex(/^[GRDOgrdo]{1,64}$/, "letters G, R, D, O (1 to 64)").transform((s) => s.toUpperCase()),
  /** "candle": close vs open; "change": close vs the previous close */
  colorBy: z.enum(["candle", "change"]).default("candle"),
  /** with colorBy "change": a drop larger than this fraction is R, a smaller one O */
  threshold: z.number().gt(0).max(1).default(0.07),
  /** with colorBy "candle": |close - open| <= doji * (high - low) is D; 0 means only close == open */
  doji: z.number().min(0).max(1).default(0),
});

export const searchQuerySchema = z.discriminatedUnion("type", [sketchQuerySchema, rangeQuerySchema, presetQuerySchema, sequenceQuerySchema]);

export const searchRequestSchema = z
  .object({
    query: searchQuerySchema,
    method: z.enum(["zned", "dtw", "model", "auto"]).default("auto"),
    minLength: z.number().int().min(5).max(1000).optional(),
    maxLength: z.number().int().min(5).max(1000).optional(),
    topK: z.number().int().min(1).max(MAX_TOP_K).default(20),
    symbols: z.array(z.string().min(1)).max(10_000).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    horizon: z.number().int().min(1).max(500).default(DEFAULT_HORIZON),
    /** round-trip trading cost as a fraction (default 0.001): the outcome verdict calls a smaller edge negligible */
    cost: z.number().min(0).max(0.1).optional(),
    /**
     * outcome statistics over every window at least this similar to the query (the matches' `score` scale, 1 -
     * distance), not only the listed ones; at most MAX_WITHIN_WINDOWS windows, the best first
     */
    outcomes: z.object({ minSimilarity: z.number().min(0).max(0.99) }).strict().optional(),
    /**
     * the best match per ticker only, the others of its ticker in each match's `sameTicker` (off by default: every
     * match, as before, for API clients and benchmarks)
     */
    onePerTicker: z.boolean().optional(),
    /** which series of the ticker: open/high/low/close/volume of the daily candles, or a scalar series by name */
    series: z.string().min(1).max(64).default("close"),
    /** DTW Sakoe-Chiba band as a fraction of the length */
    band: z.number().min(0).max(0.5).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.minLength !== undefined && body.maxLength !== undefined && body.minLength > body.maxLength) {
      ctx.addIssue({ code: "custom", path: ["minLength"], message: "minLength is greater than maxLength" });
    }
    if (body.outcomes && body.query.type === "sequence") {
      ctx.addIssue({ code: "custom", path: ["outcomes", "minSimilarity"], message: "a candle sequence's statistics already cover every occurrence; minSimilarity is for shape queries" });
    }
    if (body.from && body.to && body.from > body.to) ctx.addIssue({ code: "custom", path: ["from"], message: "from is after to" });
    if (body.query.type === "range" && body.query.from > body.query.to) {
      ctx.addIssue({ code: "custom", path: ["query", "from"], message: "from is after to" });
    }
  });

export type SearchRequest = z.input<typeof searchRequestSchema>;
export type ParsedSearchRequest = z.output<typeof searchRequestSchema>;
export type SearchQuery = z.output<typeof searchQuerySchema>;
