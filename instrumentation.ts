/** Next calls register() once when a server starts: stamp client addresses, warm the in-memory indexes in the background. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installSocketAddressStamp } = await import("@/lib/auth/socket-address-stamp");
  installSocketAddressStamp();
  if (process.env.PATTERNSCOPE_WARMUP === "false") return;
  const [{ warmIndexes }, { db }] = await Promise.all([import("@/lib/warmup/warm-indexes"), import("@/lib/db")]);
  setTimeout(() => void warmIndexes(db), 1000);
}
