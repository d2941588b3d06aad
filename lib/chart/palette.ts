/** Colours the charts use, one set per app theme; kept here so option builders stay pure and testable. */
export type ChartTheme = "light" | "dark";

export type ChartPalette = {
  theme: ChartTheme;
  text: string;
  muted: string;
  grid: string;
  axis: string;
  up: string;
  down: string;
  warn: string;
  neutral: string;
  accent: string;
  tooltipBg: string;
  tooltipBorder: string;
  highlight: string;
  horizon: string;
  gap: string;
  /** Moving-average colours, shortest period first. */
  maByRank: readonly string[];
};

const light: ChartPalette = {
  theme: "light",
  text: "#0f172a",
  muted: "#64748b",
  grid: "#eef1f5",
  axis: "#cbd5e1",
  up: "#16a34a",
  down: "#dc2626",
  warn: "#ea580c",
  neutral: "#94a3b8",
  accent: "#4f46e5",
  tooltipBg: "rgba(255,255,255,0.97)",
  tooltipBorder: "#e2e8f0",
  highlight: "rgba(79,70,229,0.14)",
  horizon: "rgba(234,88,12,0.10)",
  gap: "#a1a1aa",
  maByRank: ["#2563eb", "#d97706", "#9333ea"],
};

const dark: ChartPalette = {
  theme: "dark",
  text: "#e5e7eb",
  muted: "#94a3b8",
  grid: "#1c2433",
  axis: "#334155",
  up: "#22c55e",
  down: "#f87171",
  warn: "#fb923c",
  neutral: "#64748b",
  accent: "#818cf8",
  tooltipBg: "rgba(17,24,39,0.97)",
  tooltipBorder: "#334155",
  highlight: "rgba(129,140,248,0.20)",
  horizon: "rgba(251,146,60,0.14)",
  gap: "#71717a",
  maByRank: ["#60a5fa", "#fbbf24", "#c084fc"],
};

export function getChartPalette(theme: ChartTheme): ChartPalette {
  return theme === "dark" ? dark : light;
}

/**
 * Colour of a moving-average line by its rank among the periods on offer (shortest first), so a monthly chart's
 * 6 and 12 get the same two colours as a daily chart's 20 and 50.
 */
export function maColor(palette: ChartPalette, rank: number): string {
  return palette.maByRank[rank] ?? palette.accent;
}
