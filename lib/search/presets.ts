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

const LABELS: Record<PresetName, string> = {
  "head-and-shoulders": "Head and shoulders",
  "inverse-head-and-shoulders": "Inverse head and shoulders",
  "double-top": "Double top",
  "double-bottom": "Double bottom",
  "cup-and-handle": "Cup and handle",
  "v-reversal": "V reversal",
  "rising-trend": "Rising trend",
  "falling-trend": "Falling trend",
};

/** The patterns' own shapes (ml/shapes.ts), so a preset query and the model's classes agree on every pattern. */
export const PRESETS: readonly Preset[] = PRESET_NAMES.map((name) => ({ name, label: LABELS[name], points: PATTERN_SHAPES[name] }));

/** Samples a preset's polyline at n equally spaced times. */
export function samplePreset({ name, n = 64 }: { name: PresetName; n?: number }): number[] {
  const preset = PRESETS.find((p) => p.name === name);
  if (!preset) throw new Error(`unknown preset ${name}`);
  return Array.from({ length: n }, (_, i) => shapeAt(preset.points, n === 1 ? 0 : i / (n - 1)));
}
