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

  it("words the account actions of the Users and Account pages", () => {
    const on = "ann@example.com";
    expect(describeAudit({ action: "user.create", target: on, details: { role: "investor", generatedPassword: true } })).toEqual({ what: "Added an investor with a generated password", on });
    expect(describeAudit({ action: "user.role", target: on, details: { from: "investor", to: "admin" } }).what).toBe("Changed the role from investor to admin");
    expect(describeAudit({ action: "user.disable", target: on, details: {} }).what).toBe("Disabled the account");
    expect(describeAudit({ action: "user.enable", target: on, details: {} }).what).toBe("Enabled the account");
    expect(describeAudit({ action: "user.delete", target: on, details: { role: "investor" } }).what).toBe("Deleted the account");
    expect(describeAudit({ action: "user.password-reset", target: on, details: { generated: true } }).what).toBe("Reset the password (generated)");
    expect(describeAudit({ action: "account.sign-out-everywhere", target: on, details: { sessions: 3 } }).what).toBe("Signed out everywhere (3 sessions ended)");
    expect(describeAudit({ action: "setup.first-admin", target: on, details: {} }).what).toBe("Created the first admin");
  });
});

