"use client";

import type { EChartsType } from "echarts/core";
import { useEffect, useMemo, useRef, useState } from "react";
import { buildTrainingOption, type ChartColors, type CurvePoint } from "@/lib/admin/build-training-option";

async function loadECharts() {
  const [core, charts, components, renderers] = await Promise.all([
    import("echarts/core"),
    import("echarts/charts"),
    import("echarts/components"),
    import("echarts/renderers"),
  ]);
  core.use([charts.LineChart, components.GridComponent, components.TooltipComponent, components.LegendComponent, renderers.CanvasRenderer]);
  return core;
}

function themeColors(): ChartColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return { loss: v("--down", "#dc2626"), accuracy: v("--accent", "#4f46e5"), valAccuracy: v("--up", "#15803d"), text: v("--muted", "#5b6b80"), grid: v("--border", "#e3e7ed") };
}

/** Loss and accuracy per epoch, drawn with ECharts (loaded in the browser only, on first render). */
export function TrainingChart({ points, epochs }: { points: CurvePoint[]; epochs: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void loadECharts().then((echarts) => {
      if (disposed || !ref.current) return;
      chart.current = echarts.init(ref.current, undefined, { renderer: "canvas" });
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(ref.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  const option = useMemo(() => (ready ? buildTrainingOption({ points, epochs, colors: themeColors() }) : null), [ready, points, epochs]);
  useEffect(() => {
    if (option && chart.current) chart.current.setOption(option, { notMerge: true });
  }, [option]);
  const drawn = points.filter((p) => p.loss != null).length;
  return <div ref={ref} className="h-64 w-full" data-testid="training-chart" data-points={drawn} role="img" aria-label={`Training curves, ${drawn} of ${epochs} epochs`} />;
}
