"use client";

import type { EChartsOption } from "echarts";
import type { EChartsType } from "echarts/core";
import { useEffect, useRef, useState, type RefObject } from "react";

/**
 * Mounts an ECharts instance on `ref` (loaded lazily, browser only), applies `option` whenever it changes and keeps
 * the canvas sized to its container.
 */
export function useECharts(ref: RefObject<HTMLDivElement | null>, option: EChartsOption | null) {
  const chartRef = useRef<EChartsType | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import("@/components/chart/echarts-core")
      .then(({ echarts }) => {
        const el = ref.current;
        if (disposed || !el) return;
        const chart = echarts.init(el, undefined, { renderer: "canvas" });
        chartRef.current = chart;
        observer = new ResizeObserver(() => chart.resize());
        observer.observe(el);
        setReady(true);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    return () => {
      disposed = true;
      observer?.disconnect();
      chartRef.current?.dispose();
      chartRef.current = null;
    };
  }, [ref]);

  useEffect(() => {
    if (ready && option && chartRef.current) chartRef.current.setOption(option, { notMerge: true });
  }, [ready, option]);

  return { chartRef, ready, error };
}
