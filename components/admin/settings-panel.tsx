"use client";

import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";
import { callApi } from "@/components/admin/api";
import { JobProgress } from "@/components/admin/job-progress";
import type { AuditView, JobView, VersionView } from "@/components/admin/types";
import { inputClass } from "@/components/auth/credentials-form";
import { Badge } from "@/components/ui/badge";
import { buttonGhost, buttonPrimary, buttonSecondary } from "@/components/ui/button-styles";

const card = "rounded-xl border border-border bg-surface p-5";
const th = "py-2 pr-3 font-medium";

export function SettingsPanel({ jobs, versions, audit }: { jobs: JobView[]; versions: VersionView[]; audit: AuditView[] }) {
  const router = useRouter();
  const live = jobs.find((j) => j.state === "queued" || j.state === "running");
  const [jobId, setJobId] = useState<string | null>(live?.id ?? jobs.find((j) => j.kind === "train")?.id ?? null);
  const [error, setError] = useState<string | null>(null);
  const [openVersion, setOpenVersion] = useState<number | null>(null);
  const [activating, setActivating] = useState<number | null>(null);

  return (
    <div className="space-y-6 pb-12">
      <section className={card} aria-labelledby="retrain">
        <h2 id="retrain" className="font-semibold">
          Retrain the pattern model
        </h2>
        <p className="mb-4 text-sm text-muted">Runs as a background job on the worker; one job at a time. The default (8 epochs, 6,000 samples) takes about 3-4 minutes on 2 cores.</p>
        <form
          className="grid gap-3 sm:grid-cols-4"
          onSubmit={async (event) => {
            event.preventDefault();
            const f = new FormData(event.currentTarget);
            setError(null);
            try {
              const job = await callApi<{ id: string }>("/api/admin/jobs", {
                method: "POST",
                json: { kind: "train", params: { epochs: Number(f.get("epochs")), samples: Number(f.get("samples")), embeddingSize: Number(f.get("embeddingSize")) } },
              });
              setJobId(job.id);
              router.refresh();
            } catch (e) {
              setError((e as Error).message);
            }
          }}
        >
          <label className="space-y-1 text-sm">
            <span className="font-medium">Epochs</span>
            <input name="epochs" type="number" min={1} max={200} defaultValue={12} required className={inputClass} />
          </label>
          <label className="space-y-1 text-sm">
            <span className="font-medium">Samples per epoch</span>
            <input name="samples" type="number" min={100} max={200000} step={100} defaultValue={6000} required className={inputClass} />
          </label>
          <label className="space-y-1 text-sm">
            <span className="font-medium">Embedding size</span>
            <input name="embeddingSize" type="number" min={4} max={256} defaultValue={32} required className={inputClass} />
          </label>
          <div className="flex items-end">
            <button type="submit" className={`${buttonPrimary} w-full`}>
              Start training
            </button>
          </div>
        </form>
        {error && <p className="mt-3 text-sm text-down">{error}</p>}
        {jobId && (
          <div className="mt-5 border-t border-border pt-4">
            <JobProgress key={jobId} jobId={jobId} onFinished={() => router.refresh()} />
          </div>
        )}
      </section>

      <section className={card} aria-labelledby="versions">
        <h2 id="versions" className="mb-3 font-semibold">
          Model versions
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="versions-table">
            <thead className="text-left text-xs uppercase tracking-wide text-muted">
              <tr>
                <th className={th}>Version</th>
                <th className={th}>Status</th>
                <th className={th}>Hold-out accuracy</th>
                <th className={th}>Epochs × samples</th>
                <th className={th}>Embedding</th>
                <th className={th}>Training time</th>
                <th className={th}>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {versions.length === 0 && (
                <tr>
                  <td colSpan={8} className="py-3 text-muted">
                    No model trained yet.
                  </td>
                </tr>
              )}
              {versions.map((v) => (
                <Fragment key={v.id}>
                  <tr className="border-t border-border" data-testid={`version-${v.id}`}>
                    <td className="py-2 pr-3 font-medium">
                      v{v.id} {v.isActive && <Badge tone="accent">active</Badge>}
                    </td>
                    <td className="pr-3">{v.status}</td>
                    <td className="pr-3 tabular-nums">{v.metrics.accuracy != null ? `${(v.metrics.accuracy * 100).toFixed(1)}%` : "–"}</td>
                    <td className="pr-3 tabular-nums">
                      {v.config.training?.epochs ?? "?"} × {v.config.training?.samples ?? "?"}
                    </td>
                    <td className="pr-3 tabular-nums">{v.config.training?.embeddingSize ?? "?"}</td>
                    <td className="pr-3 tabular-nums">{v.trainingMs != null ? `${(v.trainingMs / 1000).toFixed(0)} s` : "–"}</td>
                    <td className="pr-3">{new Date(v.createdAt).toLocaleString()}</td>
                    <td className="whitespace-nowrap text-right">
                      {v.metrics.confusion && (
                        <button type="button" className={buttonGhost} onClick={() => setOpenVersion(openVersion === v.id ? null : v.id)}>
                          {openVersion === v.id ? "Hide" : "Confusion"}
                        </button>
                      )}
                      {v.status === "ready" && !v.isActive && (
                        <button
                          type="button"
                          className={buttonSecondary}
                          disabled={activating !== null}
                          onClick={async () => {
                            setActivating(v.id);
                            try {
                              const r = await callApi<{ reindexJob: string }>(`/api/admin/models/${v.id}/activate`, { method: "POST" });
                              setJobId(r.reindexJob);
                              router.refresh();
                            } catch (e) {
                              setError((e as Error).message);
                            } finally {
                              setActivating(null);
                            }
                          }}
                        >
                          {activating === v.id ? "Activating…" : versions.some((o) => o.isActive && o.id > v.id) ? "Roll back to this" : "Activate"}
                        </button>
                      )}
                    </td>
                  </tr>
                  {openVersion === v.id && v.metrics.confusion && (
                    <tr>
                      <td colSpan={8} className="pb-4">
                        <ConfusionMatrix classes={v.metrics.classes ?? []} matrix={v.metrics.confusion} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className={card} aria-labelledby="jobs">
        <h2 id="jobs" className="mb-3 font-semibold">
          Recent jobs
        </h2>
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th className={th}>Kind</th>
              <th className={th}>State</th>
              <th className={th}>By</th>
              <th className={th}>Started</th>
              <th className={th}>Finished</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id} className="border-t border-border">
                <td className="py-2 pr-3">{j.kind}</td>
                <td className="pr-3">{j.state}</td>
                <td className="pr-3">{j.createdByEmail ?? "schedule"}</td>
                <td className="pr-3">{j.startedAt ? new Date(j.startedAt).toLocaleString() : "–"}</td>
                <td className="pr-3">{j.finishedAt ? new Date(j.finishedAt).toLocaleString() : "–"}</td>
                <td className="text-right">
                  <button type="button" className={buttonGhost} onClick={() => setJobId(j.id)}>
                    Show
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className={card} aria-labelledby="audit">
        <h2 id="audit" className="mb-3 font-semibold">
          Audit log
        </h2>
        <table className="w-full text-sm" data-testid="audit-log">
          <thead className="text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th className={th}>When</th>
              <th className={th}>Who</th>
              <th className={th}>What</th>
              <th className={th}>On</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((a) => (
              <tr key={a.id} className="border-t border-border">
                <td className="py-2 pr-3 whitespace-nowrap">{new Date(a.createdAt).toLocaleString()}</td>
                <td className="pr-3">{a.userEmail ?? "–"}</td>
                <td className="pr-3 font-mono text-xs">{a.action}</td>
                <td className="pr-3 break-all">{a.target ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

/** Rows: true class, columns: predicted class; cells shaded by the share of the row. */
function ConfusionMatrix({ classes, matrix }: { classes: string[]; matrix: number[][] }) {
  return (
    <div className="overflow-x-auto">
      <table className="text-[11px] tabular-nums" aria-label="Confusion matrix (rows: true class, columns: predicted)">
        <thead>
          <tr>
            <th className="p-1 text-left text-muted">true \ predicted</th>
            {classes.map((c) => (
              <th key={c} className="p-1 font-medium [writing-mode:vertical-rl]">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={i}>
                <th className="p-1 text-left font-medium">{classes[i]}</th>
                {row.map((n, j) => (
                  <td
                    key={j}
                    className="p-1 text-center"
                    style={{ background: `color-mix(in srgb, ${i === j ? "var(--accent)" : "var(--down)"} ${Math.round((n / total) * 80)}%, transparent)` }}
                  >
                    {n}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
