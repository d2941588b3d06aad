import { describe, expect, it } from "vitest";
import { PATTERN_SHAPES } from "@/ml/shapes";
import { PRESET_NAMES, PRESETS, samplePreset } from "@/lib/search/presets";

describe("presets", () => {
  it("are the patterns' own shapes (ml/shapes.ts), one per name, in the names' order", () => {
    expect(PRESETS.map((p) => [p.name, p.points])).toEqual(PRESET_NAMES.map((name) => [name, PATTERN_SHAPES[name]]));
  });

  it("draw a trend as the straight line the model's trend classes are made from", () => {
    expect(samplePreset({ name: "rising-trend", n: 5 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(samplePreset({ name: "falling-trend", n: 5 })).toEqual([1, 0.75, 0.5, 0.25, 0]);
  });
});
