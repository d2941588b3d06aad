export type CurvePoint = { step: number; loss: number | null; accuracy: number | null; valAccuracy: number | null };

export type ChartColors = { loss: string; accuracy: string; valAccuracy: string; text: string; grid: string };

/**
 * The ECharts option for a training run: loss on the left axis, training and hold-out accuracy (0-100 %) on the
 * right, one point per epoch. x runs to the planned epoch count so the curve visibly grows into the chart.
 */
export function buildTrainingOption(options: { points: readonly CurvePoint[]; epochs: number; colors: ChartColors }) {
  const { points, colors } = options;
  const pct = (v: number | null) => (v == null ? null : Math.round(v * 1000) / 10);
  return {
    animation: false,
    grid: { left: 48, right: 48, top: 36, bottom: 32 },
    legend: { top: 0, textStyle: { color: colors.text }, data: ["loss", "accuracy", "hold-out accuracy"] },
    tooltip: { trigger: "axis" },
    xAxis: {
      type: "value",
      name: "epoch",
      nameLocation: "middle",
      nameGap: 22,
      min: 1,
      max: Math.max(1, options.epochs),
      minInterval: 1,
      axisLabel: { color: colors.text },
      splitLine: { show: false },
    },
    yAxis: [
      { type: "value", name: "loss", scale: true, axisLabel: { color: colors.text }, splitLine: { lineStyle: { color: colors.grid } } },
      { type: "value", name: "%", min: 0, max: 100, axisLabel: { color: colors.text }, splitLine: { show: false } },
    ],
    series: [
      { name: "loss", type: "line", yAxisIndex: 0, showSymbol: true, color: colors.loss, data: points.filter((p) => p.loss != null).map((p) => [p.step, p.loss]) },
      { name: "accuracy", type: "line", yAxisIndex: 1, showSymbol: true, color: colors.accuracy, data: points.filter((p) => p.accuracy != null).map((p) => [p.step, pct(p.accuracy)]) },
      {
        name: "hold-out accuracy",
        type: "line",
        yAxisIndex: 1,
        showSymbol: true,
        lineStyle: { type: "dashed" },
        color: colors.valAccuracy,
        data: points.filter((p) => p.valAccuracy != null).map((p) => [p.step, pct(p.valAccuracy)]),
      },
    ],
  };
}

/** "1 min 05 s" style remaining time; null while unknown. */
export function formatEta(ms: number | null | undefined): string | null {
  if (ms == null || !Number.isFinite(ms)) return null;
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}
