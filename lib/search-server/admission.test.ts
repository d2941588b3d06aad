import { describe, expect, it } from "vitest";
import { AdmissionAbortedError, AdmissionFullError, createAdmission } from "@/lib/search-server/admission";

/** A task that finishes only when the test says so, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return { task: async () => { log.push(`start ${name}`); await done; return name; }, open };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("search admission", () => {
  it("runs at most `concurrency` tasks and starts queued ones in arrival order", async () => {
    const a = createAdmission({ concurrency: 2, queueLimit: 5 });
    const log: string[] = [];
    const gates = ["a", "b", "c", "d"].map((n) => gate(log, n));
    const results = gates.map((g) => a.run(g.task));
    await tick();
    expect(log).toEqual(["start a", "start b"]);
    expect(a.stats()).toEqual({ running: 2, queued: 2 });
    gates[1].open();
    await tick();
    expect(log).toEqual(["start a", "start b", "start c"]);
    gates[0].open();
    await tick();
    expect(log).toEqual(["start a", "start b", "start c", "start d"]);
    gates[2].open();
    gates[3].open();
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d"]);
    expect(a.stats()).toEqual({ running: 0, queued: 0 });
  });

  it("refuses beyond the queue with a Retry-After, and frees the slot when a task fails", async () => {
    const a = createAdmission({ concurrency: 1, queueLimit: 1 });
    const log: string[] = [];
    const first = gate(log, "first");
    const p1 = a.run(first.task);
    const p2 = a.run(async () => { throw new Error("boom"); });
    const refused = await a.run(async () => "never").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AdmissionFullError);
    expect((refused as AdmissionFullError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    first.open();
    expect(await p1).toBe("first");
    await expect(p2).rejects.toThrow("boom");
    expect(await a.run(async () => "after")).toBe("after");
  });

  it("drops a queued request whose client aborted; it never runs and its place goes to the next", async () => {
    const a = createAdmission({ concurrency: 1, queueLimit: 2 });
    const log: string[] = [];
    const first = gate(log, "first");
    const p1 = a.run(first.task);
    const controller = new AbortController();
    let ranAborted = false;
    const aborted = a.run(async () => { ranAborted = true; }, controller.signal);
    const third = gate(log, "third");
    const p3 = a.run(third.task);
    expect(a.stats().queued).toBe(2);
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AdmissionAbortedError);
    expect(a.stats().queued).toBe(1);
    first.open();
    await p1;
    await tick();
    expect(log).toEqual(["start first", "start third"]);
    third.open();
    expect(await p3).toBe("third");
    expect(ranAborted).toBe(false);
  });

  it("refuses an already-aborted request without queueing it", async () => {
    const a = createAdmission({ concurrency: 1, queueLimit: 1 });
    await expect(a.run(async () => 1, AbortSignal.abort())).rejects.toBeInstanceOf(AdmissionAbortedError);
    expect(a.stats()).toEqual({ running: 0, queued: 0 });
  });

  it("refuses a request whose expected wait (queue ahead x recent run time / slots) exceeds maxWaitMs", async () => {
    const a = createAdmission({ concurrency: 1, queueLimit: 10, maxWaitMs: 1000, initialRunMs: 400 });
    const log: string[] = [];
    const gates = ["a", "b", "c"].map((n) => gate(log, n));
    const running = a.run(gates[0].task);
    const first = a.run(gates[1].task); // expected wait 400 ms
    const second = a.run(gates[2].task); // 800 ms
    const third = a.run(async () => "d"); // 1,200 ms: refused
    await expect(third).rejects.toBeInstanceOf(AdmissionFullError);
    expect(a.stats()).toEqual({ running: 1, queued: 2 });
    for (const g of gates) g.open();
    expect(await Promise.all([running, first, second])).toEqual(["a", "b", "c"]);
  });
});

