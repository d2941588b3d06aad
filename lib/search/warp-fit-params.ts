import { smoothingKernel, type SmoothKind } from "@/lib/search/smooth";
import type { ExcludedWindow, PreparedSeries } from "@/lib/search/types";
import type { WarpFitParams } from "@/lib/search/warp-fit";

/** The warp fit's own settings (DEFAULT_TUNING.dtw holds the engine's). */
export type WarpFitSettings = { smooth: number; smoothKind: SmoothKind; maxWarp: number; warpSteps: number; warpShift: number; warpStretch: number };

/**
 * Parameters of the warp fit of some candidate windows over a prepared series (smoothed as the DTW scan saw it),
 * for the DTW engine and for the model search's candidates alike. `lo`/`hi` bound each candidate's refined window
 * (its ticker, cut to a date filter).
 */
export function warpFitParams({ prepared, points, ticker, start, len, lo, hi, minLength, maxLength, exclude, settings, cancel }: Pick<WarpFitParams, "ticker" | "start" | "len" | "lo" | "hi" | "minLength" | "maxLength" | "cancel"> & {
  prepared: Pick<PreparedSeries, "values" | "blockSum" | "blockSumSq" | "blockNan">;
  points: ArrayLike<number>;
  exclude: ExcludedWindow;
  settings: WarpFitSettings;
}): WarpFitParams {
  return {
    values: prepared.values,
    blockSum: prepared.blockSum,
    blockSumSq: prepared.blockSumSq,
    blockNan: prepared.blockNan,
    points: Float64Array.from(points),
    smoothCoef: smoothingKernel(settings.smooth, settings.smoothKind),
    maxWarp: settings.maxWarp,
    warpSteps: settings.warpSteps,
    ticker,
    start,
    len,
    lo,
    hi,
    minLength,
    maxLength,
    shift: settings.warpShift,
    stretch: settings.warpStretch,
    exclude,
    cancel,
  };
}
