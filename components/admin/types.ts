export type JobStepView = { seq: number; step: number; steps: number; loss: number | null; accuracy: number | null; valAccuracy: number | null; etaMs: number | null; message: string | null };
export type JobView = {
  id: string;
  kind: string;
  state: "queued" | "running" | "completed" | "failed" | "cancelled";
  params: Record<string, unknown>;
  progress: Partial<JobStepView>;
  result: Record<string, unknown> | null;
  error: string | null;
  cancelRequested: boolean;
  createdByEmail: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};
export type ClassMetricsView = { class: string; support: number; accuracy: number; precision: number };
export type VersionView = {
  id: number;
  name: string;
  status: string;
  isActive: boolean;
  config: { training?: { epochs?: number; samples?: number; embeddingSize?: number; seed?: number } };
  metrics: { accuracy?: number; samples?: number; perClass?: ClassMetricsView[]; confusion?: number[][]; classes?: string[] };
  backend: string | null;
  trainingMs: number | null;
  error: string | null;
  createdAt: string;
};
export type AuditView = { id: string; userEmail: string | null; action: string; target: string | null; details: Record<string, unknown>; createdAt: string };
