import type { ExtraSource } from "@/lib/search/candidate-pool";

/** Engine settings that are not part of the public request. */
export type SearchTuning = {
  /** relative step between scanned lengths */
  lengthStep?: number;
  /** default DTW band (fraction of the length) */
  band?: number;
  /** penalty exponent for short windows */
  lengthPrior?: number;
  /** threads for the scan (1 = the calling thread only) */
  threads?: number;
  /** DTW: weight of the Euclidean distance blended into DTW (0 = plain DTW) */
  euclidWeight?: number;
  /** centred moving-average width over the series and the query (1 = none) */
  smooth?: number;
  smoothKind?: "ma" | "sg";
  /** range queries only: centred moving average over the picked window, this share of its length wide (0 = none) */
  rangeSmooth?: number;
  bandPoints?: number;
  /** prominence penalty: windows moving less than promRef * daily volatility * sqrt(length) get up to promWeight more distance */
  promRef?: number;
  promWeight?: number;
  /** shape source for price searches on the close: "close" or "typical" ((high + low + close) / 3) */
  priceSource?: "close" | "typical";
  /** scans of at least this many window-lengths are split over every search thread */
  parallelMin?: number;
  /** scans of at least this many window-lengths run on a worker thread, never on the calling one (the server's event loop) */
  offloadMin?: number;
  /** DTW: rank the candidates by a piecewise-linear warp fit (lib/search/warp-fit.ts) instead of their DTW distance */
  warpFit?: boolean;
  /** warp fit: how far each quarter knot may move (fraction of the length) and on how many grid positions */
  maxWarp?: number;
  warpSteps?: number;
  /** warp fit: how far a candidate's centre (shift) and length (stretch) are refined, as fractions of its length */
  warpShift?: number;
  warpStretch?: number;
  /** warp fit: candidates drawn from the DTW scan per requested match (plus at most warpExtraMax more in all) */
  warpPool?: number;
  warpExtraMax?: number;
  /** warp fit: the DTW scan that draws the candidates looks at every warpStartStep-th start and this length step only */
  warpStartStep?: number;
  warpLengthStep?: number;
  /** warp fit: windows longer than 2 x this many candles are scanned for candidates on averages (groupLengths) */
  warpScanPoints?: number;
  /**
   * DTW: order the warp fit's whole pool by (1 - segWeight) x its squared distance + segWeight x the segment score
   * (lib/search/segment-score.ts), times (maxLength / m) ** segPrior: query cut at turning points of at least segTurn
   * of its range, knots moving by up to segReach of the length, section height and stretch penalised by segHeight
   * and segStretch; segResample: each window resampled to the query's 64 points first (length-fair).
   */
  segRerank?: boolean;
  segResample?: boolean;
  segTurn?: number;
  segReach?: number;
  segHeight?: number;
  segStretch?: number;
  segPrior?: number;
  segWeight?: number;
  /** range queries: the re-rank's extra length prior exp(rangeCentre x ln(m / picked length)^2), centred on the picked length */
  rangeCentre?: number;
  /** diagnostic, and the fused engine's DTW list: answer with the whole re-ranked pool instead of topK */
  keepPool?: boolean;
  /** "auto" on a picked range: answer with the DTW engine and zned together (rangeRerank off: their rankings fused by reciprocal rank 1 / (fusionK + rank)) */
  rangeFusion?: boolean;
  fusionK?: number;
  /** fused range answer: zned scans only lengths within 0.8-1.25x of the picked length (the specification's stretch) */
  fusionCentred?: boolean;
  /**
   * fused range answer: both lists' places re-ranked against the picked range (lib/search/range-rerank.ts) instead
   * of rank fusion; the windows averaged over rangeSmooth of the picked length, the range itself over rangeRerankQuery
   * (0: rangeSmooth too)
   */
  rangeRerank?: boolean;
  rangeRerankQuery?: number;
  /**
   * "auto" on a sketch or preset while a model is active and loaded: fuse the DTW engine's pool with the model
   * search's list (modelFusionDepth x topK deep) by reciprocal rank 1 / (modelFusionK + rank), the model's list
   * weighted modelFusionWeight; modelFusionMode "pool": the model's windows join DTW's pool before its warp fit instead.
   * At most modelFusionMax of the model's windows: its search costs in proportion (10 candidates re-fitted per window),
   * and a one-per-ticker answer scans 5 x topK
   */
  modelFusion?: boolean;
  modelFusionMode?: "rank" | "pool";
  modelFusionK?: number;
  modelFusionWeight?: number;
  modelFusionDepth?: number;
  modelFusionMax?: number;
  /**
   * DTW: a second candidate source for the warp fit's pool (lib/search/candidate-pool.ts), about extraPool x topK
   * candidates new to the pool; zcoarse/dcoarse scan the series averaged over extraCoarsen candles, dcoarse with
   * band extraBand; extraCentred: for a picked range only lengths within 0.8-1.25x of it.
   */
  extraSource?: ExtraSource;
  extraPool?: number;
  extraCoarsen?: number;
  extraBand?: number;
  extraCentred?: boolean;
  /**
   * DTW with the segment re-rank, drawn shapes and presets: every pool window is fitted and re-ranked under the query
   * as drawn and tilted by +-driftTilt of its height, its best kept (a copy may drift across the pattern by up to a
   * quarter of its height, which z-normalising leaves in; 0 = off), a tilted fit's distance times 1 + driftCost.
   * driftScan: the tilted queries scan for candidates too (about twice the scan's time; measured and left off,
   * docs/recall.md session 13).
   */
  driftTilt?: number;
  driftCost?: number;
  driftScan?: boolean;
  /**
   * The tilted fits the straightforward way (every tilt fitted, even one that leaves the shape as it is, the shapes one
   * after the other): the reference the shortcuts are tested and benchmarked against (same answers).
   */
  driftDirect?: boolean;
};

/**
 * Defaults per engine, chosen on the planted benchmark (hard; see scripts/recall-search.ts):
 * DTW gains from a light Savitzky-Golay smoothing (width 5) of series and query.
 * Length prior (distance x (longest scanned / m) ** lengthPrior), measured by the recall suite (docs/recall.md):
 * the former DTW value -0.1 favoured the shortest windows (picked ranges answered at half their length). DTW uses 0:
 * the suite's leave-one-family-out prefers 0.1-0.2, but those cost the planted benchmark's seed 7 (0.917 -> 0.883);
 * zned uses 0.1 (chosen by leave-one-family-out on every family, planted-free). A picked range is averaged over
 * rangeSmooth (4%) of its length first, both engines: wider averages gain more on the suite's range family but
 * lose heavily when look-alikes share the window's own noise (docs/recall.md). The fused range answer's re-rank
 * averages the candidate windows the same way (4%) and the range over 8%: the pick is one noisy window, each
 * look-alike's own noise is averaged too (range 0.78 -> 0.91, range-b 0.84 -> 0.89; 0.12 lost to rank fusion when
 * look-alikes share the pick's noise, 0.08 kept +0.11 there; docs/recall.md, session 12).
 * The DTW engine then ranks 3 x topK DTW candidates by the warp fit (lib/search/warp-fit.ts): mean recall
 * 0.83 -> 0.91 over ten seeds. The fit refines each candidate's length by +-15% and its centre by +-6%, so
 * the scan may step lengths by 20% and starts by 2 (0.915 with steps of 10% and 1, for 40% more scan time;
 * lengthStep stays the grid of DTW's own ranking, which the model search's exact re-rank uses too).
 * Knots moving by +-10% on 5 positions; +-12.5% or 7 positions gave the same recall or less. The Euclidean
 * scan is not smoothed (smoothing lowered its recall). A drawn shape's pool is fitted and re-ranked under the
 * query tilted by +-15% of its height as well as level, the best kept (drift; 15% chosen by leave-one-family-out
 * on the tune families; a tilted fit pays 10%, the least that keeps planted.mjs hard seeds 7 and 11 at 0.90;
 * docs/recall.md session 13).
 */
const WARP_FIT_DEFAULTS = { warpFit: false, maxWarp: 0.1, warpSteps: 5, warpShift: 0.06, warpStretch: 0.15, warpPool: 3, warpExtraMax: 200, warpStartStep: 2, warpLengthStep: 0.2, warpScanPoints: 64, segRerank: false, segResample: true, segTurn: 0.1, segReach: 0.15, segHeight: 0.05, segStretch: 0.2, segPrior: 0.4, segWeight: 1, rangeCentre: 1, keepPool: false, rangeFusion: true, fusionK: 0, fusionCentred: true, rangeRerank: true, rangeRerankQuery: 0.08, modelFusion: true, modelFusionMode: "pool" as "rank" | "pool", modelFusionK: 0, modelFusionWeight: 1, modelFusionDepth: 3, modelFusionMax: 30, extraSource: "none" as ExtraSource, extraPool: 1, extraCoarsen: 2, extraBand: 0.2, extraCentred: false, driftTilt: 0, driftCost: 0, driftScan: false, driftDirect: false };
export const DEFAULT_TUNING: Record<"zned" | "dtw", Required<Omit<SearchTuning, "threads" | "bandPoints">>> = {
  zned: { lengthStep: 0.1, band: 0.1, lengthPrior: 0.1, euclidWeight: 0, smooth: 1, smoothKind: "ma", rangeSmooth: 0.04, priceSource: "close", promRef: 0, promWeight: 0, parallelMin: 2_000_000, offloadMin: 200_000, ...WARP_FIT_DEFAULTS },
  dtw: { lengthStep: 0.1, band: 0.1, lengthPrior: 0, euclidWeight: 0, smooth: 5, smoothKind: "sg", rangeSmooth: 0.04, priceSource: "close", promRef: 0, promWeight: 0, parallelMin: 2_000_000, offloadMin: 200_000, ...WARP_FIT_DEFAULTS, warpFit: true, segRerank: true, segWeight: 0.5, driftTilt: 0.15, driftCost: 0.1 },
};
