"use client";

import { useEffect, useRef, useState } from "react";
import { callApi, errorMessage } from "@/components/ui/call-api";
import { ConfirmDialog } from "@/components/ui/dialog";
import { TrainingChart } from "@/components/admin/training-chart";
import type { JobStepView, JobView } from "@/components/admin/types";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonSecondary } from "@/components/ui/button-styles";
import { formatEta } from "@/lib/admin/build-training-option";

const FINISHED = new Set(["completed", "failed", "cancelled"]);

/**
 * Live view of one job: polls /api/admin/jobs/<id>?after=<last seq> every second (only new steps travel),
 * draws the curves for training, shows ETA and a Cancel button; calls onFinished once when it ends.
 */
export function JobProgress({ jobId, onFinished, onState }: { jobId: string; onFinished?: (job: JobView) => void; onState?: (state: JobView["state"]) => void }) {
  const [job, setJob] = useState<JobView | null>(null);
  const [steps, setSteps] = useState<JobStepView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const lastSeq = useRef(-1);
  const finished = useRef(onFinished);
  const stateSeen = useRef(onState);
  useEffect(() => {
    finished.current = onFinished;
    stateSeen.current = onState;
  }, [onFinished, onState]);

  useEffect(() => {
    // Callers key this component by job id, so a new job mounts fresh state.
    let stop = false;
    const tick = async () => {
      try {
        const next = await callApi<JobView & { steps: JobStepView[] }>(`/api/admin/jobs/${jobId}?after=${lastSeq.current}`);
        if (stop) return;
        if (next.steps.length) {
          lastSeq.current = next.steps[next.steps.length - 1]!.seq;
          setSteps((old) => [...old, ...next.steps]);
        }
        setJob(next);
        stateSeen.current?.(next.state);
        if (FINISHED.has(next.state)) {
          finished.current?.(next);
          return;
        }
      } catch (e) {
        if (!stop) setError((e as Error).message);
      }
      if (!stop) setTimeout(tick, 1000);
    };
    void tick();
    return () => {
      stop = true;
    };
  }, [jobId]);

  if (!job) return <p className="text-sm text-muted">Loading job…</p>;
  const latest = steps[steps.length - 1];
  const total = latest?.steps ?? Number(job.params.epochs ?? 0);
  const eta = formatEta(latest?.etaMs);
  const tone = job.state === "completed" ? "accent" : job.state === "failed" ? "warn" : "neutral";
  const counter = latest ? stepLabel(job.kind, latest, FINISHED.has(job.state)) : null;
  return (
    <div className="space-y-3" data-testid="job-progress" data-state={job.state} data-job-id={job.id}>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="font-medium">{job.kind}</span>
        <Badge tone={tone}>
          <span data-testid="job-state">{job.state}</span>
        </Badge>
        {latest && (
          <span className="text-muted" data-testid="job-step">
            {counter}
          </span>
        )}
        {!FINISHED.has(job.state) && eta && <span className="text-muted">ETA {eta}</span>}
        {latest?.loss != null && <span className="text-muted">loss {latest.loss.toFixed(3)}</span>}
        {latest?.accuracy != null && <span className="text-muted">accuracy {(latest.accuracy * 100).toFixed(1)}%</span>}
        {latest?.valAccuracy != null && <span className="text-muted">hold-out {(latest.valAccuracy * 100).toFixed(1)}%</span>}
        {!FINISHED.has(job.state) && (
          <button type="button" className={`${buttonSecondary} ml-auto`} disabled={job.cancelRequested} onClick={() => setConfirmCancel(true)}>
            {job.cancelRequested ? "Cancelling…" : "Cancel"}
          </button>
        )}
      </div>
      {job.kind === "train" ? (
        <TrainingChart points={steps} epochs={total} />
      ) : (
        // A finished import's counter is its last message already: say it once.
        latest?.message && latest.message !== counter && <p className="text-sm text-muted">{latest.message}</p>
      )}
      {job.state === "queued" && (
        <p className="text-sm text-muted">Queued: jobs run one at a time, so it starts when the worker is free. If nothing else is running, the worker process may be down.</p>
      )}
      {job.error && <Alert tone="error">{job.error}</Alert>}
      {job.state === "completed" && job.result && job.kind === "train" && (
        <p className="text-sm text-muted">
          Stored as version {String(job.result.versionId)} (hold-out accuracy {((Number(job.result.accuracy) || 0) * 100).toFixed(1)}%).
        </p>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      {confirmCancel && (
        <ConfirmDialog
          title={`Cancel this ${job.kind} job?`}
          confirmLabel="Cancel the job"
          cancelLabel="Keep it running"
          danger
          testId="confirm-cancel-job"
          onClose={() => setConfirmCancel(false)}
          onConfirm={async () => {
            setConfirmCancel(false);
            try {
              await callApi(`/api/admin/jobs/${job.id}/cancel`, { method: "POST" });
            } catch (e) {
              setError(errorMessage(e));
            }
          }}
        >
          <p>It stops at its next step. {job.kind === "train" ? "The training so far is lost: no model version is stored." : "What it has stored already stays."}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/**
 * The counter beside a job's state. An import's steps are rows (stored of read while it runs, kept of read once a
 * file is done), so they are named as rows: "step 3/4" on a finished import read as if it had stopped short.
 */
function stepLabel(kind: string, latest: JobStepView, finished: boolean): string {
  if (kind === "train") return `epoch ${latest.step}/${latest.steps}`;
  if (kind === "import") return finished ? latest.message ?? `${latest.step} of ${latest.steps} rows kept` : `${latest.step.toLocaleString("en-US")} of ${latest.steps.toLocaleString("en-US")} rows`;
  return `step ${latest.step}/${latest.steps}`;
}
