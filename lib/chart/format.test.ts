import { describe, expect, it } from "vitest";
import { formatProbability, withArticle } from "@/lib/chart/format";

describe("formatProbability", () => {
  it("always shows one decimal and never rounds up to a certainty", () => {
    expect(formatProbability(0.93)).toBe("93.0%");
    expect(formatProbability(0.9996)).toBe("99.9%");
    expect(formatProbability(1)).toBe("100.0%");
    expect(formatProbability(0.8)).toBe("80.0%");
    expect(formatProbability(null)).toBe("–");
  });
});

describe("withArticle", () => {
  it("picks a or an", () => {
    expect(withArticle("inverse head and shoulders")).toBe("an inverse head and shoulders");
    expect(withArticle("rising trend")).toBe("a rising trend");
  });
});
