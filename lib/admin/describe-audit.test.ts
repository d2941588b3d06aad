import { describe, expect, it } from "vitest";
import { describeAudit } from "@/lib/admin/describe-audit";

const JOB = "3f2b8c1e-9a4d-4e21-b0c7-5d6e7f8a9b0c";

describe("describeAudit", () => {
  it("names a training job by its parameters and state, never by its UUID", () => {
    const line = describeAudit(
      { action: "job.start.train", target: JOB, details: { epochs: 12, samples: 6000, embeddingSize: 32 } },
      [{ id: JOB, kind: "train", state: "completed" }],
    );
    expect(line).toEqual({ what: "Started training (12 epochs × 6,000 samples, embedding 32)", on: "training job, completed" });
  });

  it("shortens the id of a job no longer listed and words the other actions", () => {
    expect(describeAudit({ action: "job.cancel", target: JOB, details: {} }).on).toBe("job 3f2b8c1e");
    expect(describeAudit({ action: "model.activate", target: "3", details: {} })).toEqual({ what: "Activated a model version", on: "v3" });
    expect(describeAudit({ action: "some.new.thing", target: JOB, details: {} }).on).toBe("3f2b8c1e…");
    for (const action of ["job.start.train", "job.cancel", "some.new.thing"]) {
      expect(describeAudit({ action, target: JOB, details: {} }).on).not.toContain(JOB);
    }
  });
});
