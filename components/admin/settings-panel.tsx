"use client";

import { useRouter } from "next/navigation";
import { Fragment, useEffect, useRef, useState } from "react";
import { callApi } from "@/components/ui/call-api";
import { JobProgress } from "@/components/admin/job-progress";
import type { AuditView, JobView, VersionView } from "@/components/admin/types";
import { inputClass } from "@/components/auth/credentials-form";
import { Badge } from "@/components/ui/badge";
import { buttonGhost, buttonPrimary, buttonSecondary } from "@/components/ui/button-styles";
import { describeAudit } from "@/lib/admin/describe-audit";
import { trainParamsSchema } from "@/lib/jobs/types";

/** What a training run gets when the form is left alone: the job's own defaults, so the text and form agree. */
const TRAIN_DEFAULTS = trainParamsSchema.parse({});
const FINISHED = new Set(["completed", "failed", "cancelled"]);
const int = new Intl.NumberFormat("en-US");
const pct = (v: number | undefined) => (v == null ? "–" : `${(v * 100).toFixed(1)}%`);

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 90 ? `${m} min` : `${(m / 60).toFixed(1)} h`;
}

const plural = (n: number, word: string) => `${int.format(n)} ${word}${n === 1 ? "" : "s"}`;

/**
 * How long the default run takes, from the largest finished run on this machine (training time grows with
 * epochs × samples; the largest run has the least start-up overhead in it); null before any run, when the page
 * says nothing rather than guessing.
 */
function defaultRunEstimate(versions: VersionView[]): string | null {
  const size = (v: VersionView) => (v.config.training?.epochs ?? 0) * (v.config.training?.samples ?? 0);
  const last = versions.filter((v) => v.trainingMs != null && size(v) > 0).sort((a, b) => size(b) - size(a))[0];
  const t = last?.config.training;
  if (!last || !t?.epochs || !t.samples || last.trainingMs == null) return null;
  const scaled = (last.trainingMs * (TRAIN_DEFAULTS.epochs * TRAIN_DEFAULTS.samples)) / size(last);
  return `The largest run so far (v${last.id}: ${plural(t.epochs, "epoch")} × ${plural(t.samples, "sample")}) took ${formatDuration(last.trainingMs)}, so the default should take about ${formatDuration(scaled)} here.`;
}

const card = "rounded-xl border border-border bg-surface p-5";
const th = "py-2 pr-3 font-medium";

export function SettingsPanel({ jobs, versions, audit }: { jobs: JobView[]; versions: VersionView[]; audit: AuditView[] }) {
  const router = useRouter();
  // After a reload the panel follows the job that is running (jobs come newest first, so a queued one would win).
  const live = jobs.find((j) => j.state === "running") ?? jobs.find((j) => j.state === "queued");
  const [jobId, setJobId] = useState<string | null>(live?.id ?? jobs.find((j) => j.kind === "train")?.id ?? null);
  // The state of the job the panel shows, as JobProgress last saw it; a start is refused while one is unfinished.
  const [shownState, setShownState] = useState<string | null>(live?.state ?? null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [openVersion, setOpenVersion] = useState<number | null>(null);
  const [activating, setActivating] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<VersionView | null>(null);
  const active = versions.find((v) => v.isActive);
  // Busy while the server's live job has not been seen to finish, or while the job shown (just started) runs.
  const liveSeenFinished = live != null && jobId === live.id && shownState != null && FINISHED.has(shownState);
  const busy = starting || (live != null && !liveSeenFinished) || (shownState != null && !FINISHED.has(shownState));
  const estimate = defaultRunEstimate(versions);

  const activate = async (v: VersionView) => {
    setConfirming(null);
    setActivating(v.id);
    try {
      const r = await callApi<{ reindexJob: string }>(`/api/admin/models/${v.id}/activate`, { method: "POST" });
      setShownState("queued");
      setJobId(r.reindexJob);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setActivating(null);
    }
  };
  // A version that scored lower on the hold-out set than the active one asks first.
  const requestActivate = (v: VersionView) => {
    const worse = active?.metrics.accuracy != null && v.metrics.accuracy != null && v.metrics.accuracy < active.metrics.accuracy;
    if (worse) setConfirming(v);
    else void activate(v);
  };

  return (
    <div className="space-y-6 pb-12">
      <section className={card} aria-labelledby="retrain">
        <h2 id="retrain" className="font-semibold">
          Retrain the pattern model
        </h2>
        <p className="mb-4 text-sm text-muted" data-testid="train-help">
          Runs as a background job on the worker, one job at a time. The form starts at the defaults ({TRAIN_DEFAULTS.epochs} epochs × {int.format(TRAIN_DEFAULTS.samples)} samples, embedding {TRAIN_DEFAULTS.embeddingSize}).{" "}
          {estimate ?? "Training time grows with epochs × samples; the first run shows how long it takes on this machine."}
        </p>
        <form
          className="grid gap-3 sm:grid-cols-4"
          onSubmit={async (event) => {
            event.preventDefault();
            const f = new FormData(event.currentTarget);
            if (busy) return;
            setError(null);
            setStarting(true);
            try {
              const job = await callApi<{ id: string }>("/api/admin/jobs", {
                method: "POST",
                json: { kind: "train", params: { epochs: Number(f.get("epochs")), samples: Number(f.get("samples")), embeddingSize: Number(f.get("embeddingSize")) } },
              });
              setShownState("queued");
              setJobId(job.id);
              router.refresh();
            } catch (e) {
              setError((e as Error).message);
            } finally {
              setStarting(false);
            }
          }}
        >
          <label className="space-y-1 text-sm">
            <span className="font-medium">Epochs</span>
            <input name="epochs" type="number" min={1} max={200} defaultValue={TRAIN_DEFAULTS.epochs} required className={inputClass} />
          </label>
          <label className="space-y-1 text-sm">
            <span className="font-medium">Samples per epoch</span>
            <input name="samples" type="number" min={100} max={200000} step={100} defaultValue={TRAIN_DEFAULTS.samples} required className={inputClass} />
          </label>
          <label className="space-y-1 text-sm">
            <span className="font-medium">Embedding size</span>
            <input name="embeddingSize" type="number" min={4} max={256} defaultValue={TRAIN_DEFAULTS.embeddingSize} required className={inputClass} />
          </label>
          <div className="flex items-end">
            <button type="submit" className={`${buttonPrimary} w-full`} disabled={busy} title={busy ? "A job is running: one job at a time" : undefined}>
              {busy ? "A job is running…" : "Start training"}
            </button>
          </div>
        </form>
        {error && <p className="mt-3 text-sm text-down">{error}</p>}
        {jobId && (
          <div className="mt-5 border-t border-border pt-4">
            <JobProgress key={jobId} jobId={jobId} onState={setShownState} onFinished={() => router.refresh()} />
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
                    <td className="pr-3 tabular-nums">{v.trainingMs != null ? formatDuration(v.trainingMs) : "–"}</td>
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
                          onClick={() => requestActivate(v)}
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
        <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="jobs-table">
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
                  <button
                    type="button"
                    className={buttonGhost}
                    onClick={() => {
                      setShownState(null);
                      setJobId(j.id);
                    }}
                  >
                    Show
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </section>

      <section className={card} aria-labelledby="audit">
        <h2 id="audit" className="mb-3 font-semibold">
          Audit log
        </h2>
        <div className="overflow-x-auto">
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
            {audit.map((a) => {
              const line = describeAudit(a, jobs);
              return (
                <tr key={a.id} className="border-t border-border">
                  <td className="py-2 pr-3 whitespace-nowrap">{new Date(a.createdAt).toLocaleString()}</td>
                  <td className="pr-3">{a.userEmail ?? "–"}</td>
                  <td className="pr-3" title={a.action}>{line.what}</td>
                  <td className="pr-3">{line.on}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
      </section>
      <ConfirmActivate
        version={confirming}
        active={active}
        onCancel={() => setConfirming(null)}
        onConfirm={(v) => void activate(v)}
      />
    </div>
  );
}

/** Asks before activating a version that scored lower on the hold-out set than the active one (a modal dialog). */
function ConfirmActivate({ version, active, onCancel, onConfirm }: { version: VersionView | null; active: VersionView | undefined; onCancel: () => void; onConfirm: (v: VersionView) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (version && !dialog.open) dialog.showModal();
    if (!version && dialog.open) dialog.close();
  }, [version]);
  return (
    <dialog
      ref={ref}
      onClose={onCancel}
      aria-labelledby="confirm-activate-title"
      data-testid="confirm-activate"
      className="m-auto max-w-md rounded-xl border border-border bg-surface p-5 text-fg shadow-xl backdrop:bg-black/40"
    >
      {version ? (
        <>
          <h2 id="confirm-activate-title" className="font-semibold">
            Activate v{version.id}, which scored lower?
          </h2>
          <p className="mt-2 text-sm text-muted">
            v{version.id} classified {pct(version.metrics.accuracy)} of the hold-out set correctly; the active v{active?.id} scores {pct(active?.metrics.accuracy)}. Scans and model
            searches would use the weaker model until you activate another.
          </p>
          <div className="mt-5 flex justify-end gap-2">
            <button type="button" className={buttonSecondary} onClick={onCancel} autoFocus>
              Keep v{active?.id}
            </button>
            <button type="button" className={buttonPrimary} onClick={() => onConfirm(version)}>
              Activate v{version.id}
            </button>
          </div>
        </>
      ) : null}
    </dialog>
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
