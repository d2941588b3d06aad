import type { EvaluationMetrics } from "@/ml/evaluate";
import type { ModelConfig } from "@/ml/model";
import type { EpochCurve, TrainOptions } from "@/ml/train-model";

export type ModelStatus = "training" | "ready" | "failed";

/** What is stored in model_version.config: the network's config and the options it was trained with. */
export type StoredModelConfig = { model: ModelConfig; training: TrainOptions };

/** A model version without its weights (for lists and the admin page). */
export type ModelVersionInfo = {
  id: number;
  name: string;
  status: ModelStatus;
  isActive: boolean;
  config: StoredModelConfig;
  curves: EpochCurve[];
  metrics: EvaluationMetrics | Record<string, never>;
  backend: string | null;
  trainingMs: number | null;
  peakRssMb: number | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
};
