import path from "node:path";

const SYMBOL_PATTERN = /^[A-Z0-9^][A-Z0-9.\-^=_]{0,23}$/;

/** Upper-cases a provider symbol and drops Stooq's ".US" market suffix; null when it is not a usable symbol. */
export function normalizeSymbol(raw: string): string | null {
  const s = raw.trim().toUpperCase().replace(/\.US$/, "");
  return SYMBOL_PATTERN.test(s) ? s : null;
}

/** "aapl.us.txt" -> "AAPL", "MSFT.csv.gz" -> "MSFT": per-ticker downloads are named after the ticker. */
export function symbolFromFileName(file: string): string | null {
  const base = path.basename(file).replace(/\.gz$/i, "").replace(/\.(csv|txt|json|tsv|xlsx)$/i, "");
  return normalizeSymbol(base);
}
