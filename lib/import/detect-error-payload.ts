const clip = (s: string, n = 200) => (s.length > n ? `${s.slice(0, n)}...` : s);

function htmlTitle(text: string): string | null {
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(text);
  return m ? m[1].trim() || null : null;
}

/**
 * Recognises text that is a provider's message instead of prices (an HTML error/login page, "Error: ...",
 * Stooq's "No data", a rate-limit notice) and says what it holds; null when the text may be data.
 */
export function detectTextErrorPayload(text: string): string | null {
  const trimmed = text.trim();
  if (/^<(!doctype|html|head|body|\?xml)/i.test(trimmed)) {
    const title = htmlTitle(trimmed);
    return `file holds an HTML page instead of prices${title ? ` (title: "${clip(title, 100)}")` : ""}`;
  }
  const firstLine = trimmed.split(/\r?\n/, 1)[0];
  if (/^(error|exception|forbidden|unauthorized|access denied|no data|exceeded|too many requests|rate limit|invalid api)/i.test(firstLine)) {
    return `file holds an error message instead of prices: "${clip(firstLine)}"`;
  }
  return null;
}

/**
 * Recognises provider JSON error payloads: AlphaVantage {"Error Message"}, {"Note"} / {"Information"} (rate
 * limit, premium endpoint), Yahoo {"chart": {"error": {...}}} or {"finance": {"error": ...}}, generic {"error": ...}.
 */
export function detectJsonErrorPayload(doc: unknown): string | null {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return null;
  const o = doc as Record<string, unknown>;
  for (const key of ["Error Message", "Note", "Information"]) {
    if (typeof o[key] === "string" && !Object.keys(o).some((k) => k.startsWith("Time Series"))) {
      return `AlphaVantage returned a message instead of prices (${key}): "${clip(o[key] as string)}"`;
    }
  }
  for (const wrapper of ["chart", "finance"]) {
    const inner = o[wrapper] as Record<string, unknown> | undefined;
    const error = inner && typeof inner === "object" ? inner.error : undefined;
    if (error) {
      const e = error as { code?: unknown; description?: unknown };
      const text = typeof error === "string" ? error : [e.code, e.description].filter(Boolean).join(": ");
      return `Yahoo ${wrapper} API returned an error instead of prices: "${clip(text || JSON.stringify(error))}"`;
    }
  }
  if (o.error && !o.chart && !o.financials) {
    const e = o.error as { message?: unknown };
    const text = typeof o.error === "string" ? o.error : typeof e.message === "string" ? e.message : JSON.stringify(o.error);
    return `file holds an error message instead of prices: "${clip(text)}"`;
  }
  return null;
}
