import type { ProviderName } from "@/lib/providers/types";

/** GET with a timeout; turns HTTP errors (429 with Retry-After, 4xx/5xx) into messages instead of throwing. */
export async function fetchProviderText(options: {
  provider: ProviderName;
  url: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}): Promise<{ ok: true; text: string } | { ok: false; status: number; message: string; retryAfterSeconds?: number }> {
  const fetchImpl = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(options.url, {
      headers: { "User-Agent": "Patternscope/0.1 (+self-hosted)", Accept: "application/json,text/csv,text/plain,*/*" },
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
      redirect: "follow",
    });
  } catch (error) {
    return { ok: false, status: 0, message: `${options.provider} unreachable: ${(error as Error).message}` };
  }
  const text = await response.text().catch(() => "");
  if (response.status === 429) {
    const retry = Number(response.headers.get("retry-after"));
    return {
      ok: false,
      status: 429,
      message: `${options.provider} rate limit (429)${Number.isFinite(retry) && retry > 0 ? `: retry after ${retry} s` : ""}`,
      retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : undefined,
    };
  }
  if (!response.ok) {
    return { ok: false, status: response.status, message: `${options.provider} answered ${response.status}: ${describe(text)}` };
  }
  return { ok: true, text };
}

function describe(text: string): string {
  try {
    const doc = JSON.parse(text) as { chart?: { error?: { description?: string; code?: string } }; finance?: { error?: { description?: string } } };
    const error = doc.chart?.error ?? doc.finance?.error;
    if (error?.description) return error.description;
  } catch {
    // not JSON
  }
  const line = text.trim().split(/\r?\n/, 1)[0] ?? "";
  return line ? line.slice(0, 200) : "(empty body)";
}
