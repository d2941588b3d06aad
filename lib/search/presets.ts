/**
 * Named chart patterns as keypoint polylines over u in [0, 1] (time) and y in [0, 1] (price). Exported so the
 * UI can draw thumbnails of exactly what a preset searches for.
 */
import { shapeAt } from "@/ml/shapes";

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
  { name: "head-and-shoulders", label: "Head and shoulders", points: [[0, 0.15], [0.15, 0.6], [0.3, 0.3], [0.5, 1], [0.7, 0.3], [0.85, 0.6], [1, 0.1]] },
  { name: "inverse-head-and-shoulders", label: "Inverse head and shoulders", points: [[0, 0.85], [0.15, 0.4], [0.3, 0.7], [0.5, 0], [0.7, 0.7], [0.85, 0.4], [1, 0.9]] },
  { name: "double-top", label: "Double top", points: [[0, 0], [0.25, 1], [0.5, 0.4], [0.75, 1], [1, 0]] },
  { name: "double-bottom", label: "Double bottom", points: [[0, 1], [0.25, 0], [0.5, 0.6], [0.75, 0], [1, 1]] },
  { name: "cup-and-handle", label: "Cup and handle", points: [[0, 1], [0.1, 0.65], [0.25, 0.25], [0.4, 0.05], [0.55, 0.1], [0.7, 0.45], [0.8, 0.95], [0.87, 0.75], [1, 1]] },
  { name: "v-reversal", label: "V reversal", points: [[0, 1], [0.5, 0], [1, 0.95]] },
  { name: "rising-trend", label: "Rising trend", points: [[0, 0], [0.3, 0.35], [0.45, 0.3], [0.75, 0.7], [0.85, 0.65], [1, 1]] },
  { name: "falling-trend", label: "Falling trend", points: [[0, 1], [0.3, 0.65], [0.45, 0.7], [0.75, 0.3], [0.85, 0.35], [1, 0]] },
];

/** Samples a preset's polyline at n equally spaced times. */
export function samplePreset({ name, n = 64 }: { name: PresetName; n?: number }): number[] {
  const preset = PRESETS.find((p) => p.name === name);
  if (!preset) throw new Error(`unknown preset ${name}`);
  return Array.from({ length: n }, (_, i) => shapeAt(preset.points, n === 1 ? 0 : i / (n - 1)));
}
