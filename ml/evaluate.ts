import type { Dataset } from "@/ml/synthetic";
import { classifyWindows, type PatternModel } from "@/ml/model";

export type ClassMetrics = { class: string; support: number; accuracy: number; precision: number };

export type EvaluationMetrics = {
  samples: number;
  accuracy: number;
  perClass: ClassMetrics[];
  /** confusion[true][predicted], in the order of `classes`. */
  confusion: number[][];
  classes: string[];
};

export function confusionMetrics(classes: readonly string[], truth: ArrayLike<number>, predicted: ArrayLike<number>): EvaluationMetrics {
  const k = classes.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    confusion[truth[i]][predicted[i]]++;
    if (truth[i] === predicted[i]) correct++;
  }
  const perClass = classes.map((name, c) => {
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((a, row) => a + row[c], 0);
    return {
      class: name,
      support,
      accuracy: support ? confusion[c][c] / support : 0,
      precision: predictedAs ? confusion[c][c] / predictedAs : 0,
    };
  });
  return { samples: truth.length, accuracy: truth.length ? correct / truth.length : 0, perClass, confusion, classes: [...classes] };
}

export function argmaxRows(probabilities: Float32Array, width: number): Int32Array {
  const n = probabilities.length / width;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < width; j++) if (probabilities[i * width + j] > probabilities[i * width + best]) best = j;
    out[i] = best;
  }
  return out;
}

/** Hold-out accuracy, per-class accuracy (recall) and precision, and the confusion matrix. */
export function evaluateModel(options: { model: PatternModel; data: Dataset }): EvaluationMetrics {
  const { model, data } = options;
  const probabilities = classifyWindows({ model, inputs: data.inputs, samples: data.samples });
  return confusionMetrics(model.config.classes, data.labels, argmaxRows(probabilities, model.config.classes.length));
}

/** The confusion matrix as aligned text (rows: truth, columns: prediction). */
export function formatConfusion(m: EvaluationMetrics): string {
  const short = m.classes.map((c) => c.split("-").map((w) => w[0]).join("").toUpperCase());
  const w = Math.max(5, ...m.confusion.flat().map((v) => String(v).length + 1));
  const lines = [" ".repeat(6) + short.map((s) => s.padStart(w)).join("")];
  m.confusion.forEach((row, i) => lines.push(short[i].padEnd(6) + row.map((v) => String(v).padStart(w)).join("")));
  lines.push("legend: " + m.classes.map((c, i) => `${short[i]}=${c}`).join(", "));
  return lines.join("\n");
}
