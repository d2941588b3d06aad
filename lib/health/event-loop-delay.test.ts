import { describe, expect, it } from "vitest";
import { eventLoopStats } from "@/lib/health/event-loop-delay";

const block = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // holds the event loop, as a synchronous parse or scan on the web thread would
  }
};
const turn = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("eventLoopStats", () => {
  it("sees the event loop held by synchronous work, and forgets it after a reset", async () => {
    eventLoopStats({ reset: true });
    await turn(50);
    block(250);
    await turn(50);
    const held = eventLoopStats({ reset: true });
    expect(held.maxMs).toBeGreaterThanOrEqual(200);
    await turn(100);
    expect(eventLoopStats().maxMs).toBeLessThan(held.maxMs);
  });

  it("counts the garbage collector's pauses since the last reset", async () => {
    eventLoopStats({ reset: true });
    // short-lived garbage: young-generation collections on the way
    let kept = 0;
    for (let i = 0; i < 200; i++) kept += Array.from({ length: 50_000 }, (_, j) => ({ j })).length;
    expect(kept).toBe(10_000_000);
    await turn(20); // the observer hears of the pauses on a later turn
    const { gc } = eventLoopStats({ reset: true });
    expect(gc.count).toBeGreaterThan(0);
    expect(gc.maxMs).toBeGreaterThan(0);
    expect(gc.totalMs).toBeGreaterThanOrEqual(Math.floor(gc.maxMs));
    expect(gc.over20Ms).toBeLessThanOrEqual(gc.count);
    await turn(20);
    expect(eventLoopStats().gc.count).toBeLessThan(gc.count);
  });
});
