import { describe, expect, it } from "vitest";
import { describeEngine } from "@/lib/chart/describe-engine";

describe("describeEngine", () => {
  it("names the engine the server says answered, with its reason", () => {
    expect(describeEngine({ asked: "auto", answered: "dtw", engine: { method: "dtw", reason: "the sketch is short, so timing may stretch" } })).toEqual({ label: "Automatic: flexible timing (DTW)", reason: "the sketch is short, so timing may stretch" });
    expect(describeEngine({ asked: "auto", answered: "dtw+model", engine: { method: "dtw+model", reason: "a model is active" } }).label).toBe("Automatic: flexible timing with the model's candidates (DTW + model)");
  });

  it("falls back to the answered method when the response names no engine", () => {
    expect(describeEngine({ asked: "auto", answered: "zned" })).toEqual({ label: "Automatic: exact shape (z-normalised distance)", reason: null });
    expect(describeEngine({ asked: "dtw", answered: "dtw", engine: null })).toEqual({ label: "Flexible timing (DTW)", reason: null });
    expect(describeEngine({ asked: "auto", answered: "sequence" }).label).toBe("Candle sequence");
    expect(describeEngine({ asked: "auto", answered: "hybrid", engine: { method: 3, reason: "" } })).toEqual({ label: "Automatic: hybrid", reason: null });
  });
});
