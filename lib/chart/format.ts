const price2 = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const price4 = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat("en-US");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Prices: two decimals, more for penny values so they do not all read 0.00. */
export function formatPrice(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return "–";
  return Math.abs(v) < 1 ? price4.format(v) : price2.format(v);
}

export function formatCompact(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return "–";
  return compact.format(v);
}

export function formatInteger(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return "–";
  return integer.format(v);
}

/** Signed percent with two decimals: "+1.23%", "−0.50%" (a real minus sign reads better in tables). */
export function formatPercent(v: number | null | undefined, digits = 2): string {
  if (v == null || !Number.isFinite(v)) return "–";
  const s = Math.abs(v).toFixed(digits);
  if (Number(s) === 0) return `${(0).toFixed(digits)}%`;
  return `${v > 0 ? "+" : "\u2212"}${s}%`;
}

/** "2020-03-16" -> "16 Mar 2020"; the product shows dates day-first with a month name so no locale is ambiguous. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return "–";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/**
 * A moment in the reader's own time zone, as the rest of the app writes dates: "2 Dec 2026, 06:55". One format for
 * every admin table (jobs, versions, audit, users, refreshes); "–" for none.
 */
export function formatDateTime(iso: string | Date | null | undefined): string {
  if (!iso) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "–";
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Short axis label: "Mar 2020". */
export function formatMonth(date: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(date);
  if (!m) return date;
  return `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/**
 * A model probability as a percent with one decimal, rounded down so that 0.9996 reads 99.9% and only a certainty
 * reads 100.0%: every probability on a page then has the same form.
 */
export function formatProbability(p: number | null | undefined): string {
  if (p == null || !Number.isFinite(p)) return "–";
  return `${(Math.floor(Math.min(1, Math.max(0, p)) * 1000 + 1e-9) / 10).toFixed(1)}%`;
}

/** "a double bottom", "an inverse head and shoulders". */
export function withArticle(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? "an" : "a"} ${phrase}`;
}
