const NAMES: Record<string, string> = {
  zned: "exact shape (z-normalised distance)",
  dtw: "flexible timing (DTW)",
  "dtw+zned": "flexible timing and exact shape, fused (DTW + zned)",
  "dtw+model": "flexible timing with the model's candidates (DTW + model)",
  model: "learned similarity (model)",
  sequence: "candle sequence",
};

/** An engine's name in words ("flexible timing (DTW)"); an unknown one as it is. */
export const engineName = (method: string) => NAMES[method] ?? method;

/**
 * Which engine answered a search, for the result header: the response's `engine` ({ method, reason }) when the
 * server names it, else the answered `method`; with "Automatic" asked, it says the choice was automatic.
 */
export function describeEngine({ asked, answered, engine }: { asked: string; answered: string; engine?: { method?: unknown; reason?: unknown } | null }): { label: string; reason: string | null } {
  const method = typeof engine?.method === "string" ? engine.method : answered;
  const reason = typeof engine?.reason === "string" && engine.reason.trim() ? engine.reason.trim() : null;
  const name = engineName(method);
  return { label: asked === "auto" && method !== "sequence" ? `Automatic: ${name}` : name.charAt(0).toUpperCase() + name.slice(1), reason };
}
