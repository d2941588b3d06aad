import { describe, expect, it } from "vitest";
import { buildTrainingOption, formatEta } from "@/lib/admin/build-training-option";

const colors = { loss: "#f00", accuracy: "#0f0", valAccuracy: "#00f", text: "#111", grid: "#eee" };

describe("buildTrainingOption", () => {
  it("plots loss on the left axis and accuracies in percent on the right, skipping the setup step", () => {
    const option = buildTrainingOption({
      epochs: 4,
      colors,
      points: [
        { step: 0, loss: null, accuracy: null, valAccuracy: null },
        { step: 1, loss: 2.5, accuracy: 0.1, valAccuracy: 0.331 },
        { step: 2, loss: 1.25, accuracy: 0.5, valAccuracy: null },
      ],
    });
    expect(option.xAxis.max).toBe(4);
    expect(option.series.map((s) => [s.name, s.yAxisIndex, s.data])).toEqual([
      ["loss", 0, [[1, 2.5], [2, 1.25]]],
      ["accuracy", 1, [[1, 10], [2, 50]]],
      ["hold-out accuracy", 1, [[1, 33.1]]],
    ]);
  });
});

describe("formatEta", () => {
  it("reads like a clock for people", () => {
    expect(formatEta(null)).toBeNull();
    expect(formatEta(4_400)).toBe("4 s");
    expect(formatEta(65_000)).toBe("1 min 05 s");
    expect(formatEta(3_720_000)).toBe("1 h 02 min");
  });
});
