import { describe, expect, it } from "vitest";
import { runSteps, runStepsInSlices } from "@/lib/slices/run-in-slices";

function* sumInSteps(n: number, log: string[]): Generator<void, number> {
  let sum = 0;
  for (let i = 1; i <= n; i++) {
    yield;
    log.push(`step ${i}`);
    sum += i;
  }
  return sum;
}

describe("run in slices", () => {
  it("gives the same answer in one piece and in slices", async () => {
    expect(runSteps(sumInSteps(10, []))).toBe(55);
    expect(await runStepsInSlices(sumInSteps(10, []), 0)).toBe(55);
    expect(await runStepsInSlices(sumInSteps(10, []), 1e9)).toBe(55);
  });

  it("lets the event loop turn between slices, and not inside one", async () => {
    const sliced: string[] = [];
    setImmediate(() => sliced.push("other work"));
    await runStepsInSlices(sumInSteps(3, sliced), 0);
    expect(sliced.indexOf("other work")).toBeGreaterThanOrEqual(0);
    expect(sliced.indexOf("other work")).toBeLessThan(sliced.length - 1);

    const whole: string[] = [];
    setImmediate(() => whole.push("other work"));
    await runStepsInSlices(sumInSteps(3, whole), 1e9);
    expect(whole).toEqual(["step 1", "step 2", "step 3"]);
  });
});
