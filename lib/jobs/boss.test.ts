import { describe, expect, it } from "vitest";
import { retryOnDeadlock } from "@/lib/jobs/boss";

const deadlock = () => Object.assign(new Error("deadlock detected"), { code: "40P01" });

describe("retryOnDeadlock", () => {
  it("runs a step again when PostgreSQL chose it as a deadlock victim, and answers its result", async () => {
    let calls = 0;
    const result = await retryOnDeadlock(async () => {
      calls++;
      if (calls < 3) throw deadlock();
      return "created";
    });
    expect(result).toBe("created");
    expect(calls).toBe(3);
  });

  it("gives up after its tries and never retries another error", async () => {
    let calls = 0;
    await expect(retryOnDeadlock(async () => { calls++; throw deadlock(); }, 2)).rejects.toThrow("deadlock detected");
    expect(calls).toBe(2);
    calls = 0;
    await expect(retryOnDeadlock(async () => { calls++; throw Object.assign(new Error("relation missing"), { code: "42P01" }); })).rejects.toThrow("relation missing");
    expect(calls).toBe(1);
  });
});
