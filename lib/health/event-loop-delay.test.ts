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
});
