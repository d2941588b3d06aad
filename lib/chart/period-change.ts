import type { ChartPalette } from "@/lib/chart/palette";

export type ChangeClass = "up" | "small-drop" | "big-drop" | "none";

/** Default threshold (percent) past which a drop counts as large, as the product spec defines it. */
export const BIG_DROP_PCT = 7;

/** Percent change from `prev` to `cur`, or null when either is missing or the base is zero. */
export function percentChange(prev: number | null | undefined, cur: number | null | undefined): number | null {
  if (prev == null || cur == null || !Number.isFinite(prev) || !Number.isFinite(cur) || prev === 0) return null;
  return ((cur - prev) / Math.abs(prev)) * 100;
}

/** Green for up or flat, orange for a drop up to the threshold, red for a drop beyond it. */
export function classifyChange(changePct: number | null, bigDropPct = BIG_DROP_PCT): ChangeClass {
  if (changePct == null) return "none";
  if (changePct >= 0) return "up";
  return -changePct > bigDropPct ? "big-drop" : "small-drop";
}

export function changeColor(palette: ChartPalette, cls: ChangeClass): string {
  switch (cls) {
    case "up":
      return palette.up;
    case "small-drop":
      return palette.warn;
    case "big-drop":
      return palette.down;
    default:
      return palette.neutral;
  }
}
