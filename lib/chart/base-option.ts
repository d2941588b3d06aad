import type { EChartsOption } from "echarts";
import type { ChartPalette } from "@/lib/chart/palette";

/** The card's shadow and corners, so a tooltip reads as part of the app. */
export const TOOLTIP_CSS = "box-shadow:0 4px 16px rgba(0,0,0,.12);border-radius:8px;";

/** What every chart of the app starts from: no animation, the card's own background, the app's font. */
export function baseOption(): Pick<EChartsOption, "animation" | "backgroundColor" | "textStyle"> {
  return { animation: false, backgroundColor: "transparent", textStyle: { fontFamily: "Inter Variable, Inter, system-ui, sans-serif" } };
}

/** The app's tooltip box in a palette; a chart adds its trigger, pointer and formatter. */
export function tooltipStyle(palette: ChartPalette) {
  return { backgroundColor: palette.tooltipBg, borderColor: palette.tooltipBorder, textStyle: { color: palette.text, fontSize: 12 }, extraCssText: TOOLTIP_CSS };
}
