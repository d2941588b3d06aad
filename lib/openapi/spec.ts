import { PUBLIC, moreOperations, moreSchemas, securitySchemes } from "@/lib/openapi/operations";
import { PRESET_NAMES } from "@/lib/search/presets";

/** The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json and rendered at /docs/api. */
const errorRef = { $ref: "#/components/schemas/Error" };
const dateParam = (name: string, description: string) => ({
  name,
  in: "query",
  required: false,
  description,
  schema: { type: "string", format: "date", example: name === "from" ? "2015-01-02" : "2015-12-31" },
});
const symbolParam = { name: "symbol", in: "path", required: true, schema: { type: "string", example: "AAPL" } };
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: { 400: "A parameter is invalid; the message names it", 404: "Unknown symbol or series", 503: "The database is unreachable" }[code] ?? "Error",
        content: { "application/json": { schema: errorRef } },
      },
    ]),
  );

export const openApiSpec = {
  openapi: "3.1.0",
  info: {
    title: "Patternscope API",
    version: "0.1.0",
    description:
      "Daily price data, pattern search and scan, accounts and administration. Dates are YYYY-MM-DD. Errors are `{ error: { code, message } }`. Public routes answer anyone unless the server sets REQUIRE_LOGIN; others take the browser session cookie or an API token (`Authorization: Bearer <token>`, created on the Account page).",
  },
  // Public by default; each operation below says which schemes it takes.
  security: PUBLIC,
  paths: {
    "/api/health": {
      get: {
        summary: "Liveness, database reachability and whether the search index is still loading",
        security: PUBLIC,
        responses: {
          "200": {
            description: "Healthy (also while the search index loads: searches then answer 503 with Retry-After)",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    status: { const: "ok" },
                    db: { const: "ok" },
                    searchIndex: {
                      type: "object",
                      properties: {
                        state: { enum: ["idle", "loading", "ready", "reloading", "failed"] },
                        tickers: { type: "integer" },
                        candles: { type: "integer" },
                        progress: { type: "object", properties: { tickers: { type: "integer" }, totalTickers: { type: "integer" }, candles: { type: "integer" }, totalCandles: { type: "integer" }, elapsedMs: { type: "integer" } } },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errors(503),
        },
      },
    },
    "/api/tickers": {
      get: {
        summary: "List tickers with their last close, change and sparkline",
        security: PUBLIC,
        parameters: [{ name: "q", in: "query", required: false, description: "Filter by symbol or name (substring)", schema: { type: "string" } }],
        responses: {
          "200": { description: "Tickers", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/TickerSummary" } } } } },
          ...errors(400, 503),
        },
      },
    },
    "/api/tickers/{symbol}/candles": {
      get: {
        summary: "Daily candles of a ticker",
        security: PUBLIC,
        parameters: [symbolParam, dateParam("from", "First date (inclusive)"), dateParam("to", "Last date (inclusive)")],
        responses: {
          "200": {
            description: "Candles sorted by date; a field the source lacked is null",
            content: {
              "application/json": {
                schema: { type: "object", properties: { symbol: { type: "string" }, candles: { type: "array", items: { $ref: "#/components/schemas/Candle" } } } },
              },
            },
          },
          ...errors(400, 404, 503),
        },
      },
    },
    "/api/tickers/{symbol}/series": {
      get: {
        summary: "The series stored for a ticker (daily OHLCV and any numeric series of its documents)",
        security: PUBLIC,
        parameters: [symbolParam],
        responses: {
          "200": { description: "Series", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/SeriesInfo" } } } } },
          ...errors(400, 404, 503),
        },
      },
    },
    "/api/tickers/{symbol}/series/{name}": {
      get: {
        summary: "One series as dated points (closes for the daily series)",
        security: PUBLIC,
        parameters: [symbolParam, { name: "name", in: "path", required: true, schema: { type: "string", example: "revenue" } }, dateParam("from", "First date"), dateParam("to", "Last date")],
        responses: {
          "200": {
            description: "Points",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    symbol: { type: "string" },
                    name: { type: "string" },
                    kind: { enum: ["ohlcv", "scalar"] },
                    frequency: { type: "string" },
                    points: { type: "array", items: { type: "object", properties: { t: { type: "string", format: "date" }, v: { type: ["number", "null"] } } } },
                  },
                },
              },
            },
          },
          ...errors(400, 404, 503),
        },
      },
    },
    "/api/search": {
      post: {
        summary: "Find windows similar to a sketch, a picked range, a preset shape or a candle sequence",
        security: PUBLIC,
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { $ref: "#/components/schemas/SearchRequest" },
              examples: {
                preset: { value: { query: { type: "preset", name: "double-bottom" }, topK: 10 } },
                sketch: { value: { query: { type: "sketch", points: [5, 3, 1, 3, 5, 3, 1, 3, 5] }, method: "zned", minLength: 30, maxLength: 80 } },
                range: { value: { query: { type: "range", symbol: "AAPL", from: "2015-01-02", to: "2015-03-31" } } },
                sequence: { value: { query: { type: "sequence", pattern: "GGGR" } } },
              },
            },
          },
        },
        responses: {
          "200": { description: "Ranked matches and outcome statistics", content: { "application/json": { schema: { $ref: "#/components/schemas/SearchResponse" } } } },
          ...errors(400, 503),
        },
      },
    },
    ...moreOperations,
  },
  components: {
    securitySchemes,
    schemas: {
      ...moreSchemas,
      Error: {
        type: "object",
        required: ["error"],
        properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, details: {} } } },
      },
      Candle: {
        type: "object",
        properties: {
          t: { type: "string", format: "date" },
          o: { type: ["number", "null"] },
          h: { type: ["number", "null"] },
          l: { type: ["number", "null"] },
          c: { type: ["number", "null"] },
          v: { type: ["number", "null"] },
        },
      },
      TickerSummary: {
        type: "object",
        properties: {
          symbol: { type: "string" },
          name: { type: ["string", "null"] },
          first: { type: ["string", "null"], format: "date" },
          last: { type: ["string", "null"], format: "date" },
          count: { type: "integer" },
          lastClose: { type: ["number", "null"] },
          changePct: { type: ["number", "null"] },
          isSample: { type: "boolean" },
          spark: { type: "array", items: { type: "number" } },
        },
      },
      SeriesInfo: {
        type: "object",
        properties: {
          name: { type: "string" },
          kind: { enum: ["ohlcv", "scalar"] },
          frequency: { type: "string" },
          first: { type: ["string", "null"] },
          last: { type: ["string", "null"] },
          count: { type: "integer" },
        },
      },
      SearchRequest: {
        type: "object",
        required: ["query"],
        properties: {
          query: {
            oneOf: [
              { type: "object", required: ["type", "points"], properties: { type: { const: "sketch" }, points: { type: "array", minItems: 5, maxItems: 512, items: { type: "number" } } } },
              { type: "object", required: ["type", "symbol", "from", "to"], properties: { type: { const: "range" }, symbol: { type: "string" }, from: { type: "string", format: "date" }, to: { type: "string", format: "date" } } },
              {
                type: "object",
                required: ["type", "name"],
                properties: {
                  type: { const: "preset" },
                  name: { enum: [...PRESET_NAMES] },
                },
              },
              {
                type: "object",
                required: ["type", "pattern"],
                properties: { type: { const: "sequence" }, pattern: { type: "string", pattern: "^[GRDO]+$" }, colorBy: { enum: ["candle", "change"] }, threshold: { type: "number" } },
              },
            ],
          },
          method: {
            enum: ["auto", "zned", "dtw", "model"],
            default: "auto",
            description:
              "zned: z-normalised Euclidean distance. dtw: banded DTW finds 3 x topK candidates, ranked by a piecewise-linear time warp (each quarter of the query stretched or squeezed by up to 10%) with the window's start and length refined; distance is then the z-normalised distance to the best warp. model: the active model's embedding search re-ranked exactly. auto: dtw.",
          },
          minLength: { type: "integer" },
          maxLength: { type: "integer" },
          topK: { type: "integer", default: 20, maximum: 500 },
          symbols: { type: "array", items: { type: "string" } },
          from: { type: "string", format: "date" },
          to: { type: "string", format: "date" },
          horizon: { type: "integer", default: 20 },
          series: { type: "string", default: "close" },
          onePerTicker: {
            type: "boolean",
            default: false,
            description: "exact engines (zned, dtw, auto): only the best match of each ticker, picked from up to 5 x topK ranked matches; each match then carries sameTicker, the other matches of its ticker (at most 20, best first). Off by default: every match is listed, so API clients and benchmarks see no change",
          },
          cost: { type: "number", default: 0.001, minimum: 0, maximum: 0.1, description: "round-trip trading cost as a fraction; outcomeStats.verdict calls a smaller edge negligible" },
          outcomes: {
            type: "object",
            additionalProperties: false,
            description: "shape queries only: outcomeStats over every window at least minSimilarity similar to the query (the matches' score scale), not only the listed matches. At most 2000 (zned) or 500 (dtw, auto, model) windows that do not overlap on a ticker are read, the most similar first (threshold.limit); outcomeStats.threshold says how many met the threshold and whether the cap was reached",
            properties: { minSimilarity: { type: "number", minimum: 0, maximum: 0.99 } },
            required: ["minSimilarity"],
          },
        },
      },
      SearchResponse: {
        type: "object",
        properties: {
          matches: {
            type: "array",
            items: {
              type: "object",
              properties: {
                symbol: { type: "string" },
                start: { type: "string", format: "date" },
                end: { type: "string", format: "date" },
                length: { type: "integer" },
                distance: { type: "number", description: "RMS gap between the z-normalised window and the query (model: its best piecewise-linear warp; dtw: the mean of that warp's squared gap and the section-by-section fit's, times (maxLength / length) ^ 0.2), in units of the window's standard deviation; lower is closer" },
                score: { type: "number", description: "similarity, 1 - distance clamped to [0, 1] (1 for a candle sequence)" },
                forward: { type: "object", properties: { days: { type: "integer" }, return: { type: ["number", "null"] } } },
                sameTicker: { type: "array", description: "with onePerTicker only: the other matches of this ticker, best first (the same fields, without alignment)", items: { type: "object" } },
                alignment: {
                  type: ["object", "null"],
                  description: "shape queries only (absent for a candle sequence): how the query lines up with this window, by banded DTW (10% band) of both resampled to at most 64 points",
                  properties: {
                    path: { type: "array", items: { type: "array", items: { type: "number" }, minItems: 2, maxItems: 2 }, description: "the warp path downsampled to about 32 pairs [position along the query 0..1, candle offset in the window 0..length-1], both ascending" },
                    overlay: {
                      type: "object",
                      description: "the query drawn in the window's own units (prices for open/high/low/close): at each candle offset (0..length-1, fractional for long windows), the query's value aligned there, scaled to the window's mean and spread (in log space for prices)",
                      properties: { offset: { type: "array", items: { type: "number" } }, value: { type: "array", items: { type: "number" } } },
                    },
                    segments: {
                      type: "array",
                      description: "per quarter of the query (from..to as fractions of it), the RMS gap between the aligned query and the window in units of the window's standard deviation",
                      items: { type: "object", properties: { from: { type: "number" }, to: { type: "number" }, error: { type: "number" } } },
                    },
                  },
                },
              },
            },
          },
          outcomeStats: { $ref: "#/components/schemas/OutcomeStats" },
          total: { type: "integer" },
          tookMs: { type: "number" },
          method: { type: "string" },
          engine: {
            type: "object",
            description: "the engine that answered and why: the one asked for, or the one \"auto\" picked (the best measured recall for that kind of query; dtw+zned: a picked range answered by both, their candidates pooled and compared again with the range; dtw+model: a drawn shape or preset while a model is active, the model search's windows re-ranked with DTW's)",
            properties: { method: { type: "string", enum: ["zned", "dtw", "dtw+zned", "dtw+model", "model", "sequence"] }, reason: { type: "string" } },
          },
          searched: { type: "object", properties: { series: { type: "integer" }, candles: { type: "integer" } } },
        },
      },
      OutcomeStats: {
        type: ["object", "null"],
        description:
          "The one summary of what followed the matches (it replaced the normal-approximation `outcomes` object). Outcome statistics of the listed matches (scope returned-matches), of every window at least outcomes.minSimilarity similar (scope similarity-threshold), or of every occurrence of a candle sequence (scope all-occurrences, a uniform sample of at most 2000); null for a scalar series: forward returns at 1, 5, 10, 20, 60 trading days and the asked horizon. Matches whose forward windows overlap on one ticker, and matches of any tickers ending within clusterDays of each other, form one cluster; effectiveN counts clusters, and edgeCi95 comes from a seeded block bootstrap over date-ordered clusters. The edge is measured against the period-matched base rate (each match's own ticker within +-periodDays of its end).",
        properties: {
          scope: { type: "string", enum: ["returned-matches", "similarity-threshold", "all-occurrences"], description: "similarity-threshold when the request set outcomes.minSimilarity; all-occurrences for a candle sequence" },
          occurrences: {
            type: "object",
            description: "scope all-occurrences only: how many occurrences the sequence has and how many the statistics read (all of them up to 2000, else a uniform sample of 2000)",
            properties: { total: { type: "integer" }, read: { type: "integer" }, note: { type: "string" } },
          },
          threshold: {
            type: ["object", "null"],
            description: "with outcomes.minSimilarity (else null): the sample the statistics read",
            properties: {
              minSimilarity: { type: "number" },
              windows: { type: "integer", description: "windows at least minSimilarity similar, overlapping ones included (a lower bound when capped)" },
              matches: { type: "integer", description: "of those, the windows read: none overlapping another on its ticker, the most similar first; horizons[].n counts those with data after them, effectiveN the independent clusters" },
              capped: { type: "boolean", description: "more than `limit` separate windows met the threshold; the most similar `limit` were read" },
              limit: { type: "integer" },
              note: { type: "string" },
            },
          },
          horizon: { type: "integer" },
          horizons: {
            type: "array",
            items: {
              type: "object",
              properties: {
                horizon: { type: "integer" },
                n: { type: "integer" },
                effectiveN: { type: "integer", description: "independent clusters" },
                mean: { type: ["number", "null"] },
                median: { type: ["number", "null"] },
                winRate: { type: ["number", "null"] },
                winRateCi95: { type: ["array", "null"], items: { type: "number" }, description: "95% interval of the win rate by the same cluster bootstrap as edgeCi95" },
                percentiles: { type: ["object", "null"], description: "p5, p10, p25, p50, p75, p90, p95 of the forward returns" },
                base: {
                  type: "object",
                  properties: {
                    period: { type: "object", description: "same tickers, same calendar period: mean, winRate, percentiles" },
                    all: { type: "object", description: "every window of the searched tickers and dates: mean, winRate" },
                  },
                },
                edge: { type: ["number", "null"], description: "mean forward return minus the period-matched base rate" },
                edgeCi95: { type: ["array", "null"], items: { type: "number" }, description: "95% cluster block-bootstrap interval of the edge" },
                naiveCi95: { type: ["array", "null"], items: { type: "number" }, description: "plain standard-error interval, as if every match were independent (for contrast)" },
                allWindowsEdge: { type: ["number", "null"] },
                band: {
                  type: "object",
                  description: "calibrated 10-90% band of forward returns; coverage is the share of later returns inside the band computed from earlier dates only",
                  properties: { lo: { type: ["number", "null"] }, hi: { type: ["number", "null"] }, nominal: { type: "number" }, coverage: { type: ["number", "null"] }, checked: { type: "integer" } },
                },
              },
            },
          },
          fan: { type: "object", description: "p10, p25, p50, p75, p90 of the forward return after each of `days` (every day up to 60, else 60 days spread to the longest horizon), for the matches and for random windows of their periods", properties: { days: { type: "array", items: { type: "integer" } }, match: { type: ["object", "null"] }, base: { type: ["object", "null"] } } },
          verdict: { type: "object", properties: { kind: { type: "string", enum: ["no-data", "too-few", "no-edge", "negligible", "uncertain-after-costs", "better", "worse"] }, sentence: { type: "string" } } },
          cost: { type: "number" },
          comparisons: { type: "object", description: "how many lengths and windows were compared to pick the matches, and a note on what that means", properties: { lengths: { type: "integer" }, windows: { type: "integer" }, horizons: { type: "integer" }, note: { type: "string" } } },
          method: { type: "object", properties: { clusterDays: { type: "integer" }, periodDays: { type: "integer" }, resamples: { type: "integer" }, seed: { type: "integer" } } },
        },
      },
    },
  },
} as const;
