export type ProviderName = "yahoo" | "stooq";

/** What an adapter got: a document the importer can read, or a reason it could not. */
export type FetchOutcome =
  | { ok: true; provider: ProviderName; symbol: string; fileName: string; content: string }
  | { ok: false; provider: ProviderName; symbol: string; status: number; message: string; retryAfterSeconds?: number };

export type ProviderOptions = { baseUrl?: string; fetchImpl?: typeof fetch; timeoutMs?: number };
