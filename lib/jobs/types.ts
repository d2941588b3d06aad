import { z } from "zod";
import { DATE_FORMATS } from "@/lib/import/detect-dialect";

export const JOB_KINDS = ["train", "reindex", "refresh-prices", "import"] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export type JobState = "queued" | "running" | "completed" | "failed" | "cancelled";

export const trainParamsSchema = z.object({
  epochs: z.coerce.number().int().min(1).max(200).default(12),
  samples: z.coerce.number().int().min(100).max(200_000).default(6000),
  embeddingSize: z.coerce.number().int().min(4).max(256).default(32),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional(),
});
export type TrainParams = z.infer<typeof trainParamsSchema>;

const reindexParamsSchema = z.object({ versionId: z.union([z.string(), z.number()]).optional() });
export const refreshParamsSchema = z.object({ symbols: z.array(z.string().min(1).max(20)).max(500).optional() });
/** An upload stored by the upload route (the Data page); `files` names them for the jobs list. */
export const importParamsSchema = z.object({ uploadId: z.string().uuid(), files: z.array(z.string()).default([]), dateFormat: z.enum(DATE_FORMATS).optional() });

export const jobParamsSchemas = {
  train: trainParamsSchema,
  reindex: reindexParamsSchema,
  "refresh-prices": refreshParamsSchema,
  import: importParamsSchema,
} as const;

/** One reported step: an epoch of training, a batch of re-indexing, a symbol of a price refresh, rows of an import. */
export type JobStep = {
  step: number;
  steps: number;
  loss?: number | null;
  accuracy?: number | null;
  valAccuracy?: number | null;
  etaMs?: number | null;
  message?: string | null;
};

export type JobContext = {
  jobId: string;
  params: Record<string, unknown>;
  /** Stores a progress step (the page draws it); throws JobCancelledError if an admin asked to cancel. */
  report: (step: JobStep) => Promise<void>;
  /** Cheap check for long loops between reports; throws JobCancelledError when cancelled. */
  throwIfCancelled: () => Promise<void>;
  log: (line: string) => void;
};

export type JobHandler = (context: JobContext) => Promise<Record<string, unknown> | void>;
export type JobHandlers = Partial<Record<JobKind, JobHandler>>;

export class JobCancelledError extends Error {
  constructor() {
    super("Cancelled by an admin");
    this.name = "JobCancelledError";
  }
}

export type JobRow = {
  id: string;
  kind: JobKind;
  params: Record<string, unknown>;
  state: JobState;
  progress: Partial<JobStep>;
  result: Record<string, unknown> | null;
  error: string | null;
  cancelRequested: boolean;
  createdBy: number | null;
  createdByEmail: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export type JobProgressRow = JobStep & { seq: number; at: Date };
