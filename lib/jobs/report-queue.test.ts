import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { reindexHandler } from "@/lib/jobs/reindex-handler";
import { reportQueue } from "@/lib/jobs/report-queue";
import type { JobStep } from "@/lib/jobs/types";

const step = (n: number): JobStep => ({ step: n, steps: 3 });

describe("reportQueue", () => {
  it("sends the reports in order, one at a time", async () => {
    const log: string[] = [];
    const reports = reportQueue(async (s) => {
      log.push(`start ${s.step}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${s.step}`);
    });
    [1, 2, 3].forEach((n) => reports.enqueue(step(n)));
    await reports.settle();
    expect(log).toEqual(["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
  });

  it("stops at the first failed report and throws it from settle()", async () => {
    const sent: number[] = [];
    const reports = reportQueue(async (s) => {
      sent.push(s.step);
      if (s.step === 2) throw new Error(`report ${s.step} failed`);
    });
    [1, 2, 3].forEach((n) => reports.enqueue(step(n)));
    await expect(reports.settle()).rejects.toThrow("report 2 failed");
    expect(sent).toEqual([1, 2]);
  });
});

describe("reindexHandler", () => {
  const context = (report: (s: JobStep) => Promise<void>) => ({ jobId: "j", params: {}, log: () => {}, throwIfCancelled: async () => {}, report });

  it("fails with the build's own error when the build throws after a report failed, leaving no rejection unhandled", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const run = reindexHandler({} as Db, async (_db, { onProgress }) => {
        onProgress?.(1, 10);
        await new Promise((r) => setTimeout(r, 10));
        throw new Error("embedding failed");
      })(context(async () => Promise.reject(new Error("the database went away"))));
      await expect(run).rejects.toThrow("embedding failed");
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("returns the build's result once every report is stored", async () => {
    const sent: JobStep[] = [];
    const result = await reindexHandler({} as Db, async (_db, { onProgress }) => {
      onProgress?.(10, 10);
      return { series: 10 };
    })(context(async (s) => void sent.push(s)));
    expect(result).toEqual({ series: 10 });
    expect(sent).toEqual([{ step: 10, steps: 10, message: "10/10 series embedded" }]);
  });
});
