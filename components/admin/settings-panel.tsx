"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { AuditTable } from "@/components/admin/audit-table";
import { JobProgress } from "@/components/admin/job-progress";
import type { AuditView, JobView, VersionView } from "@/components/admin/types";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonGhost, buttonPrimary, buttonSecondary } from "@/components/ui/button-styles";
import { callApi } from "@/components/ui/call-api";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, type FieldErrors, Form, formText, inputClass, useFormErrors } from "@/components/ui/field";
import { actionsColumn, Table } from "@/components/ui/table";
import { Section } from "@/components/ui/section";
import { formatDateTime } from "@/lib/chart/format";
import { trainParamsSchema } from "@/lib/jobs/types";

/** What a training run gets when the form is left alone: the job's own defaults, so the text and form agree. */
const TRAIN_DEFAULTS = trainParamsSchema.parse({});
const TRAIN_FIELDS = ["epochs", "samples", "embeddingSize"] as const;
type TrainField = (typeof TRAIN_FIELDS)[number];
/** The bounds the job's schema enforces, so the form's hints and checks say the server's own rule. */
const TRAIN_BOUNDS = Object.fromEntries(
  TRAIN_FIELDS.map((f) => {
    const n = trainParamsSchema.shape[f].unwrap();
    return [f, { min: n.minValue ?? 0, max: n.maxValue ?? Number.MAX_SAFE_INTEGER }];
  }),
) as Record<TrainField, { min: number; max: number }>;

function trainProblems(values: Record<TrainField, string>): FieldErrors {
  const problems: FieldErrors = {};
  for (const f of TRAIN_FIELDS) {
    const n = Number(values[f]);
    const { min, max } = TRAIN_BOUNDS[f];
    if (values[f].trim() === "" || !Number.isInteger(n)) problems[f] = "A whole number";
    else if (n < min || n > max) problems[f] = `From ${int.format(min)} to ${int.format(max)}`;
  }
  return problems;
}
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


export function SettingsPanel({ jobs, versions, audit }: { jobs: JobView[]; versions: VersionView[]; audit: AuditView[] }) {
  const router = useRouter();
  // After a reload the panel follows the job that is running (jobs come newest first, so a queued one would win).
  const live = jobs.find((j) => j.state === "running") ?? jobs.find((j) => j.state === "queued");
  const [jobId, setJobId] = useState<string | null>(live?.id ?? jobs.find((j) => j.kind === "train")?.id ?? null);
  // The state of the job the panel shows, as JobProgress last saw it; a start is refused while one is unfinished.
  const [shownState, setShownState] = useState<string | null>(live?.state ?? null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const trainErrors = useFormErrors(TRAIN_FIELDS);
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
      <Section id="retrain" title="Retrain the pattern model" description={<span data-testid="train-help">Runs as a background job on the worker, one job at a time. The form starts at the defaults ({TRAIN_DEFAULTS.epochs} epochs × {int.format(TRAIN_DEFAULTS.samples)} samples, embedding {TRAIN_DEFAULTS.embeddingSize}).{" "}{estimate ?? "Training time grows with epochs × samples; the first run shows how long it takes on this machine."}</span>}>
        <Form
          className="grid items-start gap-3 sm:grid-cols-4"
          onSubmit={async (f) => {
            if (busy) return;
            const values = Object.fromEntries(TRAIN_FIELDS.map((k) => [k, formText(f, k)])) as Record<TrainField, string>;
            if (!trainErrors.check(trainProblems(values))) return;
            setStarting(true);
            try {
              const job = await callApi<{ id: string }>("/api/admin/jobs", {
                method: "POST",
                json: { kind: "train", params: { epochs: Number(values.epochs), samples: Number(values.samples), embeddingSize: Number(values.embeddingSize) } },
              });
              setShownState("queued");
              setJobId(job.id);
              router.refresh();
            } catch (e) {
              trainErrors.fail(e);
            } finally {
              setStarting(false);
            }
          }}
        >
          <Field label="Epochs" hint={`${TRAIN_BOUNDS.epochs.min} to ${TRAIN_BOUNDS.epochs.max}`} error={trainErrors.fields.epochs}>
            {(p) => <input {...p} name="epochs" type="number" inputMode="numeric" min={TRAIN_BOUNDS.epochs.min} max={TRAIN_BOUNDS.epochs.max} defaultValue={TRAIN_DEFAULTS.epochs} className={inputClass} />}
          </Field>
          <Field label="Samples per epoch" hint={`${int.format(TRAIN_BOUNDS.samples.min)} to ${int.format(TRAIN_BOUNDS.samples.max)}`} error={trainErrors.fields.samples}>
            {(p) => (
              <input {...p} name="samples" type="number" inputMode="numeric" min={TRAIN_BOUNDS.samples.min} max={TRAIN_BOUNDS.samples.max} step={100} defaultValue={TRAIN_DEFAULTS.samples} className={inputClass} />
            )}
          </Field>
          <Field label="Embedding size" hint={`${TRAIN_BOUNDS.embeddingSize.min} to ${TRAIN_BOUNDS.embeddingSize.max}`} error={trainErrors.fields.embeddingSize}>
            {(p) => (
              <input {...p} name="embeddingSize" type="number" inputMode="numeric" min={TRAIN_BOUNDS.embeddingSize.min} max={TRAIN_BOUNDS.embeddingSize.max} defaultValue={TRAIN_DEFAULTS.embeddingSize} className={inputClass} />
            )}
          </Field>
          <div className="sm:pt-6">
            <button type="submit" className={`${buttonPrimary} w-full`} disabled={busy} title={busy ? "A job is running: one job at a time" : undefined}>
              {busy ? "A job is running…" : "Start training"}
            </button>
          </div>
        </Form>
        {(trainErrors.form ?? error) && (
          <Alert tone="error" className="mt-3">
            {trainErrors.form ?? error}
          </Alert>
        )}
        {jobId && (
          <div className="mt-5 border-t border-border pt-4">
            <JobProgress key={jobId} jobId={jobId} onState={setShownState} onFinished={() => router.refresh()} />
          </div>
        )}
      </Section>

      <Section id="versions" title="Model versions">
        <Table
          rows={versions}
          rowKey={(v) => v.id}
          testId="versions-table"
          minWidth="48rem"
          empty="No model trained yet."
          rowProps={(v) => ({ "data-testid": `version-${v.id}` })}
          expanded={(v) => (openVersion === v.id && v.metrics.confusion ? <ConfusionMatrix classes={v.metrics.classes ?? []} matrix={v.metrics.confusion} /> : null)}
          columns={[
            {
              key: "version",
              header: "Version",
              className: "whitespace-nowrap font-medium",
              sortValue: (r) => r.id,
              cell: (v) => (
                <>
                  v{v.id} {v.isActive && <Badge tone="accent">active</Badge>}
                </>
              ),
            },
            {
              key: "status",
              header: "Status",
              // Why a version is unusable, on the row: a cancelled run reads "Cancelled by an admin", not a bare "failed".
              cell: (v) =>
                v.status === "failed" && v.error ? (
                  <>
                    failed
                    <div className="text-xs text-muted">{v.error}</div>
                  </>
                ) : (
                  v.status
                ),
            },
            { key: "accuracy", header: "Hold-out accuracy", className: "tabular-nums", sortValue: (r) => r.metrics.accuracy, cell: (v) => pct(v.metrics.accuracy) },
            { key: "size", header: "Epochs × samples", className: "tabular-nums whitespace-nowrap", cell: (v) => `${v.config.training?.epochs ?? "?"} × ${v.config.training?.samples ?? "?"}` },
            { key: "embedding", header: "Embedding", className: "tabular-nums", cell: (v) => v.config.training?.embeddingSize ?? "?" },
            { key: "time", header: "Training time", className: "tabular-nums whitespace-nowrap", cell: (v) => (v.trainingMs != null ? formatDuration(v.trainingMs) : "–") },
            { key: "created", header: "Created", className: "whitespace-nowrap", cell: (v) => formatDateTime(v.createdAt) },
            actionsColumn<VersionView>((v) => (
              <>
                {v.metrics.confusion && (
                  <button type="button" className={buttonGhost} onClick={() => setOpenVersion(openVersion === v.id ? null : v.id)}>
                    {openVersion === v.id ? "Hide" : "Confusion"}
                  </button>
                )}
                {v.status === "ready" && !v.isActive && (
                  <button type="button" className={buttonSecondary} disabled={activating !== null} onClick={() => requestActivate(v)}>
                    {activating === v.id ? "Activating…" : versions.some((o) => o.isActive && o.id > v.id) ? "Roll back to this" : "Activate"}
                  </button>
                )}
              </>
            )),
          ]}
        />
      </Section>

      <Section id="jobs" title="Recent jobs">
        <Table
          rows={jobs}
          rowKey={(j) => j.id}
          testId="jobs-table"
          empty="No jobs yet."
          columns={[
            { key: "kind", header: "Kind", cell: (j) => j.kind, sortValue: (r) => r.kind },
            // The job the panel follows shows its live state (the rows are as the page was loaded).
            { key: "state", header: "State", cell: (j) => (j.id === jobId && shownState ? shownState : j.state), sortValue: (r) => r.state },
            { key: "by", header: "By", cell: (j) => j.createdByEmail ?? "schedule" },
            { key: "started", header: "Started", className: "whitespace-nowrap", cell: (j) => formatDateTime(j.startedAt) },
            { key: "finished", header: "Finished", className: "whitespace-nowrap", cell: (j) => formatDateTime(j.finishedAt) },
            actionsColumn<JobView>((j) => (
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
            )),
          ]}
        />
      </Section>

      <Section id="audit" title="Audit log">
        <AuditTable audit={audit} jobs={jobs} testId="audit-log" />
      </Section>
      <ConfirmActivate
        version={confirming}
        active={active}
        onCancel={() => setConfirming(null)}
        onConfirm={(v) => void activate(v)}
      />
    </div>
  );
}

/** Asks before activating a version that scored lower on the hold-out set than the active one. */
function ConfirmActivate({ version, active, onCancel, onConfirm }: { version: VersionView | null; active: VersionView | undefined; onCancel: () => void; onConfirm: (v: VersionView) => void }) {
  if (!version) return null;
  return (
    <ConfirmDialog
      testId="confirm-activate"
      title={`Activate v${version.id}, which scored lower?`}
      confirmLabel={`Activate v${version.id}`}
      cancelLabel={`Keep v${active?.id}`}
      onClose={onCancel}
      onConfirm={() => onConfirm(version)}
    >
      <p>
        v{version.id} classified {pct(version.metrics.accuracy)} of the hold-out set correctly; the active v{active?.id} scores {pct(active?.metrics.accuracy)}. Scans and model
        searches would use the weaker model until you activate another.
      </p>
    </ConfirmDialog>
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
