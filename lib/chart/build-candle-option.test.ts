import { describe, expect, it } from "vitest";
import { buildCandleOption, formatCandleTooltip, indexOnOrAfter, indexOnOrBefore } from "@/lib/chart/build-candle-option";
import { buildSeriesBarsOption } from "@/lib/chart/build-series-bars-option";
import { getChartPalette } from "@/lib/chart/palette";
import type { Candle } from "@/lib/tickers/types";

type AnySeries = { name: string; type: string; data: unknown[]; markLine?: { data: { xAxis: string; name: string }[] }; markArea?: { data: [{ xAxis: string }, { xAxis: string }][] } };

function makeCandles(n: number, start = "2020-01-01"): Candle[] {
  const out: Candle[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  let price = 100;
  while (out.length < n) {
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6) {
      const o = price;
      price = price * (1 + Math.sin(out.length) * 0.01);
      out.push({ t: d.toISOString().slice(0, 10), o, h: Math.max(o, price) + 1, l: Math.min(o, price) - 1, c: price, v: 1000 + out.length });
    }
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

const palette = getChartPalette("light");
const seriesOf = (option: unknown) => (option as { series: AnySeries[] }).series;

describe("buildCandleOption", () => {
  it("puts one category and one candle per stored row, in ECharts' [open, close, low, high] order", () => {
    const candles = makeCandles(300);
    const { option, candleCount, drawnCount } = buildCandleOption({ candles, palette });
    expect(candleCount).toBe(300);
    expect(drawnCount).toBe(300);
    const price = seriesOf(option).find((s) => s.type === "candlestick")!;
    expect(price.data).toHaveLength(300);
    const c = candles[10];
    expect(price.data[10]).toEqual([c.o, c.c, c.l, c.h]);
    const xAxes = (option as { xAxis: { data: string[] }[] }).xAxis;
    expect(xAxes[0].data).toEqual(candles.map((x) => x.t));
  });

  it("draws no candle for a row with a missing price field and no volume bar without volume", () => {
    const candles = makeCandles(5);
    candles[2] = { ...candles[2], h: null };
    candles[3] = { ...candles[3], v: null };
    const { option, candleCount, drawnCount } = buildCandleOption({ candles, palette, maPeriods: [] });
    expect(candleCount).toBe(5);
    expect(drawnCount).toBe(4);
    const series = seriesOf(option);
    expect(series.find((s) => s.type === "candlestick")!.data[2]).toBe("-");
    expect(series.find((s) => s.name === "Volume")!.data[3]).toBe("-");
  });

  it("adds the requested moving averages with the right values", () => {
    const candles = makeCandles(260);
    const { option } = buildCandleOption({ candles, palette, maPeriods: [50, 20] });
    const lines = seriesOf(option).filter((s) => s.type === "line");
    expect(lines.map((s) => s.name)).toEqual(["MA 20", "MA 50"]);
    const ma20 = lines[0].data;
    expect(ma20[18]).toBe("-");
    const expected = candles.slice(0, 20).reduce((a, x) => a + (x.c as number), 0) / 20;
    expect(ma20[19]).toBeCloseTo(expected, 9);
  });

  it("marks gaps longer than four calendar days at the first date after them", () => {
    const candles = [...makeCandles(10, "2021-01-04"), ...makeCandles(10, "2021-03-01")];
    const { option, gaps } = buildCandleOption({ candles, palette });
    expect(gaps).toHaveLength(1);
    const marks = seriesOf(option).find((s) => s.type === "candlestick")!.markLine!.data;
    expect(marks).toEqual([{ xAxis: "2021-03-01", name: `${gaps[0].days}d gap` }]);
  });

  it("colours volume by candle direction and switches the price axis to log", () => {
    const candles: Candle[] = [
      { t: "2020-01-02", o: 10, h: 12, l: 9, c: 11, v: 5 },
      { t: "2020-01-03", o: 11, h: 11, l: 8, c: 9, v: 6 },
    ];
    const { option } = buildCandleOption({ candles, palette, log: true, maPeriods: [] });
    const vol = seriesOf(option).find((s) => s.name === "Volume")!.data as { itemStyle: { color: string } }[];
    expect(vol.map((v) => v.itemStyle.color)).toEqual([palette.up, palette.down]);
    const yAxis = (option as { yAxis: { type: string; axisLabel: { customValues?: number[] } }[] }).yAxis[0];
    expect(yAxis.type).toBe("log");
    // Custom round ticks inside the candles' range, not just powers of ten.
    expect(yAxis.axisLabel.customValues!.length).toBeGreaterThanOrEqual(4);
    expect((buildCandleOption({ candles, palette }).option as { yAxis: { type: string }[] }).yAxis[0].type).toBe("value");
  });

  it("draws a monthly close-only series as a close line with monthly moving averages, month-sized gaps and no volume pane", () => {
    const candles: Candle[] = [];
    for (let m = 0; m < 123; m++) {
      const d = new Date(Date.UTC(2000, m, 1)).toISOString().slice(0, 10);
      if (m === 60) continue; // one missing month: a 2-month hole is a gap, a normal month is not
      candles.push({ t: d, o: null, h: null, l: null, c: 20 + m, v: null });
    }
    const { option, priceStyle, hasVolume, cadence, drawnCount, gaps } = buildCandleOption({ candles, palette });
    expect(cadence.id).toBe("monthly");
    expect(priceStyle).toBe("line");
    expect(hasVolume).toBe(false);
    expect(drawnCount).toBe(candles.length);
    expect(gaps).toHaveLength(1);
    const series = seriesOf(option);
    const close = series.find((s) => s.name === "Close")!;
    expect(close.type).toBe("line");
    expect(close.data[0]).toBe(20);
    expect(series.some((s) => s.type === "candlestick" || s.name === "Volume")).toBe(false);
    expect(series.filter((s) => s.name.startsWith("MA ")).map((s) => s.name)).toEqual(["MA 6", "MA 12"]);
    expect((option as { grid: unknown[] }).grid).toHaveLength(1);
  });

  it("keeps candles and the volume pane for daily OHLCV rows", () => {
    const { priceStyle, hasVolume, cadence } = buildCandleOption({ candles: makeCandles(40), palette });
    expect([priceStyle, hasVolume, cadence.id]).toEqual(["candles", true, "daily"]);
  });

  it("drops the volume pane when no row has a volume", () => {
    const candles = makeCandles(30).map((c) => ({ ...c, v: null }));
    const { option, hasVolume } = buildCandleOption({ candles, palette });
    expect(hasVolume).toBe(false);
    expect((option as { xAxis: unknown[] }).xAxis).toHaveLength(1);
  });

  it("clamps the zoom window and highlights a match with its horizon", () => {
    const candles = makeCandles(50);
    const { option } = buildCandleOption({ candles, palette, zoom: { start: -5, end: 500 }, highlight: { start: 10, end: 20, horizonEnd: 30 } });
    const dz = (option as { dataZoom: { startValue: number; endValue: number }[] }).dataZoom;
    expect(dz[0]).toMatchObject({ startValue: 0, endValue: 49 });
    const area = seriesOf(option).find((s) => s.type === "candlestick")!.markArea!.data;
    expect(area[0][0].xAxis).toBe(candles[10].t);
    expect(area[0][1].xAxis).toBe(candles[20].t);
    expect(area[1][0].xAxis).toBe(candles[21].t);
    expect(area[1][1].xAxis).toBe(candles[30].t);
  });
});

describe("date to index mapping", () => {
  const candles = makeCandles(10, "2020-01-06"); // Mon 6 Jan .. Fri 17 Jan
  it("snaps weekend dates to the nearest trading day in the right direction", () => {
    expect(candles[indexOnOrAfter(candles, "2020-01-11")].t).toBe("2020-01-13");
    expect(candles[indexOnOrBefore(candles, "2020-01-11")].t).toBe("2020-01-10");
    expect(indexOnOrAfter(candles, "2030-01-01")).toBe(9);
    expect(indexOnOrBefore(candles, "1990-01-01")).toBe(0);
  });
});

describe("tooltips", () => {
  it("shows OHLCV, the day's change and says when a row is incomplete", () => {
    const html = formatCandleTooltip({ candle: { t: "2020-03-16", o: 100, h: 110, l: 95, c: null, v: 1_500_000 }, prevClose: 100, ma: [{ label: "MA 20 days", value: 101.5, color: "#000" }], palette });
    expect(html).toContain("16 Mar 2020");
    expect(html).toContain("110.00");
    expect(html).toContain("1.5M");
    expect(html).toContain("MA 20 days");
    expect(html).toContain("Incomplete row");
  });

  it("shows a close-only row as its close, without open/high/low or an absent volume", () => {
    const html = formatCandleTooltip({ candle: { t: "2005-03-01", o: null, h: null, l: null, c: 40.5, v: null }, prevClose: 45, ma: [], palette, priceStyle: "line", hasVolume: false });
    expect(html).toContain("40.50");
    expect(html).not.toContain("Open");
    expect(html).not.toContain("Volume");
    expect(html).not.toContain("Incomplete row");
  });
});

describe("buildSeriesBarsOption", () => {
  it("gives one bar per point coloured by change", () => {
    const { option, bars } = buildSeriesBarsOption({ name: "revenue", points: [{ t: "2020-03-31", v: 10 }, { t: "2020-06-30", v: 5 }], palette });
    expect(bars[1].cls).toBe("big-drop");
    const data = seriesOf(option)[0].data as { itemStyle: { color: string } }[];
    expect(data[1].itemStyle.color).toBe(palette.down);
  });
});
