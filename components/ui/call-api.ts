/**
 * The one client fetch helper: JSON in, typed JSON out, and the API's `{ error: { code, message, field?, details? } }`
 * envelope turned into a thrown ApiError that names the field when the server does, so a form can put the message
 * under the input it concerns. Aborts (AbortSignal) are rethrown untouched: check them with `isAbortError`.
 */

export type ApiErrorInit = {
  status: number;
  code: string;
  message: string;
  /** The request field the error concerns ("newPassword", "query.symbol"), when the API names one. */
  field?: string;
  /** The message without the field prefix the API puts in front ("must be at least 12 characters"). */
  fieldMessage?: string;
  retryAfterSeconds?: number;
  details?: unknown;
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly fieldMessage?: string;
  readonly retryAfterSeconds?: number;
  readonly details?: unknown;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.fieldMessage = init.fieldMessage;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.details = init.details;
  }

  /** The message for the input named `name` (the field itself or its last path segment), else undefined. */
  messageFor(name: string): string | undefined {
    if (!this.field) return undefined;
    const matches = this.field === name || this.field.endsWith(`.${name}`);
    return matches ? (this.fieldMessage ?? this.message) : undefined;
  }
}

export type CallApiInit = Omit<RequestInit, "body"> & {
  /** Sent as JSON with Content-Type: application/json. */
  json?: unknown;
  /** A raw body (FormData for uploads); ignored when `json` is given. */
  body?: BodyInit | null;
};

type Envelope = { error?: { code?: unknown; message?: unknown; field?: unknown; details?: unknown } };

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

// The API's messages put the field first ("newPassword: at least 10 characters"), also where no details name it.
const FIELD_PREFIX = /^([A-Za-z_]\w*(?:\.\w+)*): (.+)$/s;

/**
 * Where the API names the field: `error.field`, `details.field` (domain errors), the first zod issue's path, or
 * the message's own "field: " prefix. The field's message drops that prefix.
 */
function fieldOf(error: NonNullable<Envelope["error"]>): { field?: string; fieldMessage?: string } {
  const details = (error.details ?? {}) as { field?: unknown; issues?: { path?: unknown; message?: unknown }[] };
  const issue = Array.isArray(details.issues) ? details.issues[0] : undefined;
  const message = text(error.message) ?? "";
  const prefixed = FIELD_PREFIX.exec(message);
  const field = text(error.field) ?? text(details.field) ?? text(issue?.path) ?? prefixed?.[1];
  if (!field) return {};
  const own = text(issue?.path) === field ? text(issue?.message) : undefined;
  const fieldMessage = own ?? (prefixed?.[1] === field ? prefixed[2]! : message);
  return { field, fieldMessage: fieldMessage.charAt(0).toUpperCase() + fieldMessage.slice(1) };
}

/** A failed response as an ApiError (status, code, message and field from the envelope when it has one). */
export async function toApiError(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as Envelope | null;
  const error = body?.error ?? {};
  const retryAfter = Number(response.headers.get("retry-after"));
  return new ApiError({
    status: response.status,
    code: text(error.code) ?? (response.status >= 500 ? "internal" : "bad_request"),
    message: text(error.message) ?? `Request failed (${response.status})`,
    ...fieldOf(error),
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    details: error.details,
  });
}

export const isAbortError = (error: unknown): boolean => error instanceof DOMException && error.name === "AbortError";

/** Any caught value as a message a user can read (for catch blocks around more than one call). */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * fetch + JSON. Resolves with the parsed body (undefined for an empty one), throws ApiError for a non-2xx answer
 * or for a server that cannot be reached (code "network", status 0); an abort rethrows the AbortError.
 */
export async function callApi<T = unknown>(url: string, init: CallApiInit = {}): Promise<T> {
  const { json, body, headers, ...rest } = init;
  const hasJson = json !== undefined;
  const sent = new Headers(headers);
  if (hasJson && !sent.has("content-type")) sent.set("Content-Type", "application/json");
  let response: Response;
  try {
    response = await fetch(url, { ...rest, headers: sent, body: hasJson ? JSON.stringify(json) : body });
  } catch (error) {
    if (isAbortError(error) || rest.signal?.aborted) throw error;
    throw new ApiError({ status: 0, code: "network", message: "The server could not be reached" });
  }
  if (!response.ok) throw await toApiError(response);
  const raw = await response.text();
  if (raw === "") return undefined as T;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new ApiError({ status: response.status, code: "bad_response", message: `The server answered ${response.status} with something other than JSON` });
  }
}
