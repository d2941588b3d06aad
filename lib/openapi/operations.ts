import { z } from "zod";
import { trainParamsSchema } from "@/lib/jobs/types";
import { scanRequestSchema } from "@/lib/model/scan-request-schema";

/**
 * The OpenAPI operations beyond the public read and search API: scan, accounts, tokens and the admin routes.
 * Request schemas come from the routes' own zod schemas where those are importable, so they cannot drift.
 */

/** Who may call an operation: OpenAPI security requirement lists ([] is public). */
export const PUBLIC: Record<string, string[]>[] = [];
const SIGNED_IN = [{ sessionCookie: [] }, { bearerToken: [] }];
const ADMIN = SIGNED_IN;
const SESSION_ONLY = [{ sessionCookie: [] }];

const errorRef = { $ref: "#/components/schemas/Error" };
const ERROR_TEXT: Record<number, string> = {
  400: "A parameter or the body is invalid; the message names the field",
  401: "Not signed in (no valid session cookie or bearer token)",
  403: "Signed in without the needed role, or a cookie request from another origin",
  404: "No such item",
  409: "Conflicts with the current state (e.g. no active model)",
  413: "The upload is too large",
  429: "Too many requests; Retry-After says when to try again",
  503: "The database or the search index is not ready; Retry-After says when to try again",
};
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: ERROR_TEXT[code] ?? "Error", content: { "application/json": { schema: errorRef } } }]));
const ADMIN_ERRORS = [400, 401, 403] as const;

const json = (schema: unknown, description: string) => ({ description, content: { "application/json": { schema } } });
const body = (schema: unknown) => ({ required: true, content: { "application/json": { schema } } });
const pathParam = (name: string, schema: Record<string, unknown>, description?: string) => ({ name, in: "path", required: true, ...(description ? { description } : {}), schema });
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: "object", properties, ...(required.length ? { required } : {}) });
const jobRef = { $ref: "#/components/schemas/Job" };
const uuid = { type: "string", format: "uuid" };

/** A zod object schema's fields as OpenAPI query parameters (what a URL carries). */
function queryParams(schema: z.ZodObject): { name: string; in: "query"; required: boolean; schema: unknown }[] {
  const js = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({ name, in: "query", required: js.required?.includes(name) ?? false, schema: s }));
}

const credentials = obj({ email: { type: "string", format: "email", maxLength: 254 }, password: { type: "string", minLength: 1, maxLength: 200 } }, ["email", "password"]);
const userView = obj({ id: { type: "integer" }, email: { type: "string" }, role: { enum: ["admin", "investor"] } });

export const moreOperations = {
  "/api/openapi.json": {
    get: { summary: "This document", security: PUBLIC, responses: { "200": json({ type: "object" }, "The OpenAPI 3.1 description of the API") } },
  },
  "/api/scan": {
    get: {
      summary: "Tickers whose latest window the active model classifies as a pattern, most probable first",
      description: "`matched` is how many tickers qualified; `items` holds at most `limit` of them (200 unless asked), so `matched > items.length` means the list is capped.",
      security: PUBLIC,
      parameters: queryParams(scanRequestSchema),
      responses: {
        "200": json(
          obj({
            pattern: { type: "string" },
            lookback: { type: "integer" },
            minProbability: { type: "number" },
            matched: { type: "integer" },
            limit: { type: "integer" },
            scanned: { type: "integer" },
            tookMs: { type: "integer" },
            model: obj({ id: { type: "integer" }, version: { type: "integer" }, name: { type: "string" } }),
            items: { type: "array", items: obj({ symbol: { type: "string" }, name: { type: ["string", "null"] }, probability: { type: "number" }, class: { type: "string" }, last: obj({ t: { type: "string", format: "date" }, c: { type: "number" } }), window: { type: "array", items: obj({ t: { type: "string", format: "date" }, c: { type: "number" } }) } }) },
          }),
          "The scan",
        ),
        ...errors(400, 409, 429, 503),
      },
    },
  },
  "/api/auth/signin": {
    post: {
      summary: "Sign in with email and password; sets the session cookie",
      security: PUBLIC,
      requestBody: body(credentials),
      responses: { "200": json(obj({ user: userView }), "Signed in (Set-Cookie carries the session)"), ...errors(400, 401, 429) },
    },
  },
  "/api/auth/signout": {
    post: { summary: "End the session and clear its cookie", security: SESSION_ONLY, responses: { "200": json(obj({ ok: { type: "boolean" } }), "Signed out"), ...errors(403) } },
  },
  "/api/auth/setup": {
    post: {
      summary: "Create the first admin on a server without accounts (needs the one-time setup token from the server's log)",
      security: PUBLIC,
      requestBody: body({ ...credentials, properties: { ...credentials.properties, setupToken: { type: "string", maxLength: 200 } } }),
      responses: { "201": json(obj({ user: userView }), "The admin, signed in"), ...errors(400, 403, 409, 429) },
    },
  },
  "/api/auth/me": {
    get: { summary: "Who is calling: the signed-in user and how (session or token), or nulls", security: [...SIGNED_IN, {}], responses: { "200": json(obj({ user: { oneOf: [userView, { type: "null" }] }, via: { enum: ["session", "token", null] } }), "The caller") } },
  },
  "/api/account/tokens": {
    get: { summary: "Your API tokens (names and dates; never the secret)", security: SIGNED_IN, responses: { "200": json(obj({ tokens: { type: "array", items: { $ref: "#/components/schemas/ApiToken" } } }), "Tokens"), ...errors(401) } },
    post: {
      summary: "Create an API token; the secret is shown once, in this answer",
      description: "Only from a signed-in browser session (a token cannot mint tokens). Send it as `Authorization: Bearer <token>`.",
      security: SESSION_ONLY,
      requestBody: body(obj({ name: { type: "string", minLength: 1, maxLength: 80 }, scope: { enum: ["read", "full"], default: "full" }, expiresInDays: { type: "integer", minimum: 1, default: 90 } }, ["name"])),
      responses: { "201": json({ allOf: [{ $ref: "#/components/schemas/ApiToken" }, obj({ token: { type: "string" } })] }, "The new token with its secret"), ...errors(400, 401, 403) },
    },
  },
  "/api/account/tokens/{id}": {
    delete: { summary: "Revoke one of your API tokens", security: SIGNED_IN, parameters: [pathParam("id", { type: "integer" })], responses: { "200": json(obj({ ok: { type: "boolean" } }), "Revoked"), ...errors(400, 401, 404) } },
  },
  "/api/account/password": {
    post: {
      summary: "Change your password (the current one is required); your other sessions end",
      description: "Only from a signed-in browser session, not with an API token.",
      security: SESSION_ONLY,
      requestBody: body(obj({ currentPassword: { type: "string", minLength: 1, maxLength: 200 }, newPassword: { type: "string", minLength: 1, maxLength: 200 } }, ["currentPassword", "newPassword"])),
      responses: { "200": json(obj({ ok: { type: "boolean" } }), "Changed"), ...errors(400, 401, 403, 429) },
    },
  },
  "/api/account/sessions": {
    delete: { summary: "Sign out everywhere: end all your sessions", security: SIGNED_IN, responses: { "200": json(obj({ ok: { type: "boolean" }, ended: { type: "integer" } }), "Sessions ended"), ...errors(401, 403) } },
  },
  "/api/admin/users/{id}": {
    patch: {
      summary: "Change a user's role or disable/enable them (admin; never the last active admin)",
      security: ADMIN,
      parameters: [pathParam("id", { type: "integer" })],
      requestBody: body(obj({ role: { enum: ["admin", "investor"] }, disabled: { type: "boolean" } })),
      responses: { "200": json(obj({ ok: { type: "boolean" } }), "Changed"), ...errors(...ADMIN_ERRORS, 404, 409) },
    },
    delete: { summary: "Delete a user (admin; never the last active admin)", security: ADMIN, parameters: [pathParam("id", { type: "integer" })], responses: { "200": json(obj({ ok: { type: "boolean" } }), "Deleted"), ...errors(...ADMIN_ERRORS, 404, 409) } },
  },
  "/api/admin/users/{id}/password": {
    post: {
      summary: "Set a user's password, or generate one (returned once) when none is sent; their sessions end (admin)",
      security: ADMIN,
      parameters: [pathParam("id", { type: "integer" })],
      requestBody: { required: false, content: { "application/json": { schema: obj({ password: { type: "string", minLength: 1, maxLength: 200 } }) } } },
      responses: { "200": json(obj({ ok: { type: "boolean" }, generatedPassword: { type: "string", description: "Only when none was sent" } }), "Set"), ...errors(...ADMIN_ERRORS, 404) },
    },
  },
  "/api/admin/users": {
    get: { summary: "All users (admin)", security: ADMIN, responses: { "200": json(obj({ users: { type: "array", items: userView } }), "Users"), ...errors(...ADMIN_ERRORS) } },
    post: {
      summary: "Create a user with a role; without a password one is generated and returned once (admin)",
      security: ADMIN,
      requestBody: body({ ...credentials, properties: { ...credentials.properties, role: { enum: ["admin", "investor"] } }, required: ["email", "role"] }),
      responses: { "201": json({ allOf: [userView, obj({ generatedPassword: { type: "string" } })] }, "The user"), ...errors(...ADMIN_ERRORS, 409) },
    },
  },
  "/api/admin/audit": {
    get: { summary: "The audit log, newest first (admin)", security: ADMIN, parameters: [{ name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 500, default: 50 } }], responses: { "200": json(obj({ entries: { type: "array", items: obj({ id: { type: "string" }, userEmail: { type: ["string", "null"] }, action: { type: "string" }, target: { type: ["string", "null"] }, details: { type: "object" }, createdAt: { type: "string", format: "date-time" } }) } }), "Entries"), ...errors(...ADMIN_ERRORS) } },
  },
  "/api/admin/jobs": {
    get: { summary: "Recent background jobs (admin)", security: ADMIN, responses: { "200": json(obj({ jobs: { type: "array", items: jobRef } }), "Jobs"), ...errors(...ADMIN_ERRORS) } },
    post: {
      summary: "Queue a background job: train the model, rebuild the search index, or refresh provider prices (admin)",
      security: ADMIN,
      requestBody: body({
        oneOf: [
          obj({ kind: { const: "train" }, params: z.toJSONSchema(trainParamsSchema, { io: "input" }) }, ["kind"]),
          obj({ kind: { const: "reindex" }, params: obj({ versionId: { type: ["integer", "string"] } }) }, ["kind"]),
          obj({ kind: { const: "refresh-prices" }, params: obj({ symbols: { type: "array", maxItems: 500, items: { type: "string" } } }) }, ["kind"]),
        ],
      }),
      responses: { "202": json(jobRef, "Queued"), ...errors(...ADMIN_ERRORS, 409) },
    },
  },
  "/api/admin/jobs/{id}": {
    get: {
      summary: "One job with its progress steps after `after` (admin; poll with the last seq seen)",
      security: ADMIN,
      parameters: [pathParam("id", uuid), { name: "after", in: "query", required: false, schema: { type: "integer", minimum: -1, default: -1 } }],
      responses: { "200": json({ allOf: [jobRef, obj({ steps: { type: "array", items: { type: "object" } } })] }, "The job"), ...errors(...ADMIN_ERRORS, 404) },
    },
  },
  "/api/admin/jobs/{id}/cancel": {
    post: { summary: "Ask a queued or running job to stop (admin)", security: ADMIN, parameters: [pathParam("id", uuid)], responses: { "200": json(jobRef, "Cancellation requested"), ...errors(...ADMIN_ERRORS, 404) } },
  },
  "/api/admin/models": {
    get: { summary: "Trained model versions with their hold-out metrics (admin)", security: ADMIN, responses: { "200": json(obj({ versions: { type: "array", items: { type: "object" } } }), "Versions"), ...errors(...ADMIN_ERRORS) } },
  },
  "/api/admin/models/{id}/activate": {
    post: { summary: "Make a model version the active one and queue the re-index it needs (admin)", security: ADMIN, parameters: [pathParam("id", { type: "integer" })], responses: { "200": json(obj({ activated: { type: "integer" }, reindexJob: uuid }), "Activated"), ...errors(...ADMIN_ERRORS, 404, 409) } },
  },
  "/api/admin/providers": {
    get: {
      summary: "Symbols refreshed from a price provider, with the refresh's last run (counts and every failure) and its next scheduled run (admin)",
      security: ADMIN,
      responses: {
        "200": json(
          obj({
            symbols: { type: "array", items: { type: "object" } },
            refresh: obj({
              schedule: { type: "string" },
              nextRunAt: { type: "string", format: "date-time" },
              last: {
                type: ["object", "null"],
                properties: {
                  jobId: uuid,
                  state: { type: "string" },
                  byEmail: { type: ["string", "null"] },
                  startedAt: { type: ["string", "null"], format: "date-time" },
                  finishedAt: { type: ["string", "null"], format: "date-time" },
                  ok: { type: "integer" },
                  failed: { type: "integer" },
                  failures: { type: "array", items: obj({ symbol: { type: "string" }, message: { type: "string" } }) },
                  error: { type: ["string", "null"] },
                },
              },
            }),
          }),
          "Provider symbols and the refresh status",
        ),
        ...errors(...ADMIN_ERRORS),
      },
    },
    post: {
      summary: "Add a symbol to refresh from a provider (admin)",
      security: ADMIN,
      requestBody: body(obj({ symbol: { type: "string", pattern: "^[A-Za-z0-9.\\-^=_]+$", maxLength: 20 }, provider: { enum: ["yahoo", "stooq"] } }, ["symbol", "provider"])),
      responses: { "201": json(obj({ ok: { type: "boolean" } }), "Added"), ...errors(...ADMIN_ERRORS, 409) },
    },
  },
  "/api/admin/providers/{id}": {
    delete: { summary: "Stop refreshing a provider symbol (admin)", security: ADMIN, parameters: [pathParam("id", { type: "integer" })], responses: { "200": json(obj({ ok: { type: "boolean" } }), "Removed"), ...errors(...ADMIN_ERRORS, 404) } },
  },
  "/api/admin/providers/refresh": {
    post: { summary: "Queue a price refresh of all or some provider symbols (admin)", security: ADMIN, requestBody: { required: false, content: { "application/json": { schema: obj({ symbols: { type: "array", maxItems: 500, items: { type: "string" } } }) } } }, responses: { "202": json(jobRef, "Queued"), ...errors(...ADMIN_ERRORS) } },
  },
  "/api/admin/tickers": {
    get: { summary: "Every ticker with its row counts and import state (admin)", security: ADMIN, responses: { "200": json(obj({ tickers: { type: "array", items: { type: "object" } } }), "Tickers"), ...errors(...ADMIN_ERRORS) } },
  },
  "/api/admin/tickers/{symbol}": {
    delete: {
      summary: "Delete a ticker and all its data (admin; `confirm` must repeat the symbol)",
      security: ADMIN,
      parameters: [pathParam("symbol", { type: "string", maxLength: 24 }), { name: "confirm", in: "query", required: true, schema: { type: "string" }, description: "The symbol again" }],
      responses: { "200": json({ type: "object" }, "Deleted"), ...errors(...ADMIN_ERRORS, 404) },
    },
  },
  "/api/saved-searches": {
    get: { summary: "Your saved searches, each with its match count and how many appeared since you last looked", security: SIGNED_IN, responses: { "200": json(obj({ savedSearches: { type: "array", items: { $ref: "#/components/schemas/SavedSearch" } } }), "Saved searches"), ...errors(401) } },
    post: {
      summary: "Save a search (run once now: its matches are the baseline); optionally a webhook for new matches",
      description:
        "The worker re-runs it after every import or provider refresh that touches its tickers and records the windows it had not returned before. With `webhookUrl` (http or https; private, loopback and link-local addresses refused unless WEBHOOK_ALLOW_PRIVATE), new matches are POSTed there signed with the secret in this answer (shown once): see the README for the headers. At most 50 per user; the model search cannot be saved. Rate-limited, queued and bounded like POST /api/search.",
      security: SIGNED_IN,
      requestBody: body(obj({ name: { type: "string", minLength: 1, maxLength: 120 }, request: { $ref: "#/components/schemas/SearchRequest" }, webhookUrl: { type: "string", format: "uri", maxLength: 2000 } }, ["name", "request"])),
      responses: { "201": json(obj({ savedSearch: { $ref: "#/components/schemas/SavedSearch" }, webhookSecret: { type: ["string", "null"] } }), "Saved"), ...errors(400, 401, 403, 409, 429, 503) },
    },
  },
  "/api/saved-searches/{id}": {
    get: {
      summary: "One of your saved searches with the history of its matches (when each first appeared, and whether it is new since you looked)",
      security: SIGNED_IN,
      parameters: [pathParam("id", { type: "string", pattern: "^[0-9]+$" })],
      responses: {
        "200": json(obj({ savedSearch: { allOf: [{ $ref: "#/components/schemas/SavedSearch" }, obj({ history: { type: "array", items: obj({ symbol: { type: "string" }, start: { type: "string", format: "date" }, end: { type: "string", format: "date" }, score: { type: "number" }, firstSeenAt: { type: "string", format: "date-time" }, isNew: { type: "boolean" } }) } })] } }), "The saved search"),
        ...errors(401, 404),
      },
    },
    delete: { summary: "Delete one of your saved searches and its history", security: SIGNED_IN, parameters: [pathParam("id", { type: "string", pattern: "^[0-9]+$" })], responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) } },
  },
  "/api/saved-searches/import": {
    post: {
      summary: "Import the browser's saved searches into your account, once (all or nothing)",
      description: "Each entry is a name and a search request as POST /api/search takes it (not the model search). One already saved with the same name and request is skipped, so importing the same list twice adds nothing. An import that would pass 50 saved searches is refused whole (409). Imported searches have not run yet (lastRunAt null): run each with POST /api/saved-searches/{id}/run for its baseline, or the worker does after the next import that touches its tickers.",
      security: SIGNED_IN,
      requestBody: body(obj({ searches: { type: "array", minItems: 1, maxItems: 30, items: obj({ name: { type: "string", minLength: 1, maxLength: 120 }, request: { $ref: "#/components/schemas/SearchRequest" } }, ["name", "request"]) } }, ["searches"])),
      responses: { "201": json(obj({ imported: { type: "array", items: { type: "string" }, description: "ids of the searches added" }, skipped: { type: "integer" }, savedSearches: { type: "array", items: { $ref: "#/components/schemas/SavedSearch" } } }), "Imported"), ...errors(400, 401, 403, 409, 413) },
    },
  },
  "/api/saved-searches/{id}/run": {
    post: {
      summary: "Run one of your saved searches now: the first run sets its baseline, a later one answers the matches it had not returned before",
      description: "Rate-limited, queued and bounded like POST /api/search. The new matches are recorded (they count in newSinceSeen) and answered here; the webhook fires for the worker's runs only.",
      security: SIGNED_IN,
      parameters: [pathParam("id", { type: "string", pattern: "^[0-9]+$" })],
      responses: {
        "200": json(obj({ savedSearch: { $ref: "#/components/schemas/SavedSearch" }, firstRun: { type: "boolean" }, newMatches: { type: "array", items: obj({ symbol: { type: "string" }, start: { type: "string", format: "date" }, end: { type: "string", format: "date" }, score: { type: "number" } }) } }), "Ran"),
        ...errors(401, 403, 404, 429, 503),
      },
    },
  },
  "/api/saved-searches/{id}/seen": {
    post: { summary: "Mark a saved search as looked at: its new matches stop counting as new", security: SIGNED_IN, parameters: [pathParam("id", { type: "string", pattern: "^[0-9]+$" })], responses: { "204": { description: "Marked" }, ...errors(401, 403, 404) } },
  },
  "/api/admin/upload": {
    post: {
      summary: "Import price files (CSV, JSON, provider documents, .gz) as multipart/form-data `files` (admin)",
      description: "Answers with newline-delimited JSON: `progress` lines, one `report` per file (rows fixed and rejected with reasons), then `done` or `error`.",
      security: ADMIN,
      requestBody: { required: true, content: { "multipart/form-data": { schema: obj({ files: { type: "array", items: { type: "string", format: "binary" } } }, ["files"]) } } },
      responses: { "200": { description: "A stream of progress, report and done lines", content: { "application/x-ndjson": { schema: { type: "object" } } } }, ...errors(...ADMIN_ERRORS, 413) },
    },
  },
};

export const securitySchemes = {
  bearerToken: { type: "http", scheme: "bearer", description: "An API token from the Account page: `Authorization: Bearer <token>`. Works for every route a signed-in user may call, except creating tokens." },
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "ps_session",
    description: "The browser session set by /api/auth/signin (named __Host-ps_session behind TLS). State-changing cookie requests must come from the app's own origin.",
  },
};

export const moreSchemas = {
  SavedSearch: obj({
    id: { type: "string" },
    name: { type: "string" },
    request: { $ref: "#/components/schemas/SearchRequest" },
    webhookUrl: { type: ["string", "null"] },
    createdAt: { type: "string", format: "date-time" },
    lastRunAt: { type: ["string", "null"], format: "date-time" },
    lastSeenAt: { type: "string", format: "date-time" },
    matches: { type: "integer" },
    newSinceSeen: { type: "integer", description: "matches that first appeared after lastSeenAt" },
  }),
  Job: obj({
    id: uuid,
    kind: { enum: ["train", "reindex", "refresh-prices"] },
    state: { enum: ["queued", "running", "completed", "failed", "cancelled"] },
    params: { type: "object" },
    result: { type: ["object", "null"] },
    error: { type: ["string", "null"] },
    createdAt: { type: "string", format: "date-time" },
    startedAt: { type: ["string", "null"], format: "date-time" },
    finishedAt: { type: ["string", "null"], format: "date-time" },
  }),
  ApiToken: obj({ id: { type: "integer" }, name: { type: "string" }, createdAt: { type: "string", format: "date-time" }, lastUsedAt: { type: ["string", "null"], format: "date-time" } }),
};
