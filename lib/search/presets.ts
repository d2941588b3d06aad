/**
 * Named chart patterns as keypoint polylines over u in [0, 1] (time) and y in [0, 1] (price). Exported so the
 * UI can draw thumbnails of exactly what a preset searches for.
 */
import { PATTERN_SHAPES, shapeAt } from "@/ml/shapes";

export type Preset = { name: PresetName; label: string; points: ReadonlyArray<readonly [number, number]> };

export const PRESET_NAMES = [
  "head-and-shoulders",
  "inverse-head-and-shoulders",
  "double-top",
  "double-bottom",
  "cup-and-handle",
  "v-reversal",
  "rising-trend",
  "falling-trend",
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const PRESETS: readonly Preset[] = [
  // the six chart patterns are the model's own shapes (ml/shapes.ts), so a preset query and the classifier agree
  { name: "head-and-shoulders", label: "Head and shoulders", points: PATTERN_SHAPES["head-and-shoulders"] },
  { name: "inverse-head-and-shoulders", label: "Inverse head and shoulders", points: PATTERN_SHAPES["inverse-head-and-shoulders"] },
  { name: "double-top", label: "Double top", points: PATTERN_SHAPES["double-top"] },
  { name: "double-bottom", label: "Double bottom", points: PATTERN_SHAPES["double-bottom"] },
  { name: "cup-and-handle", label: "Cup and handle", points: PATTERN_SHAPES["cup-and-handle"] },
  { name: "v-reversal", label: "V reversal", points: PATTERN_SHAPES["v-reversal"] },
  // trends as investors draw them, with pullbacks (the model's trend classes are straight lines)
  { name: "rising-trend", label: "Rising trend", points: [[0, 0], [0.3, 0.35], [0.45, 0.3], [0.75, 0.7], [0.85, 0.65], [1, 1]] },
  { name: "falling-trend", label: "Falling trend", points: [[0, 1], [0.3, 0.65], [0.45, 0.7], [0.75, 0.3], [0.85, 0.35], [1, 0]] },
];

/** Samples a preset's polyline at n equally spaced times. */
export function samplePreset({ name, n = 64 }: { name: PresetName; n?: number }): number[] {
  const preset = PRESETS.find((p) => p.name === name);
  if (!preset) throw new Error(`unknown preset ${name}`);
  return Array.from({ length: n }, (_, i) => shapeAt(preset.points, n === 1 ? 0 : i / (n - 1)));
}
