/** Next calls register() once when a server starts: warm the in-memory indexes in the background. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.PATTERNSCOPE_WARMUP === "false") return;
  const { warmIndexes } = await import("@/lib/warmup/warm-indexes");
  setTimeout(() => void warmIndexes(), 1000);
}
