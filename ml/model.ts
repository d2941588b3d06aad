import { tf } from "@/ml/backend";
import { prepareWindow } from "@/ml/preprocess";
import { PATTERN_CLASSES, type PatternClass } from "@/ml/shapes";

/** Everything needed to rebuild the network and interpret its outputs; stored with each model version. */
export type ModelConfig = {
  /** Input window length after resampling. */
  length: number;
  embeddingSize: number;
  /** Filters of each conv block (conv1d + relu + max-pool 2). */
  filters: number[];
  kernelSizes: number[];
  /** Width of the dense layer between the conv stack and the embedding. */
  hidden: number;
  classes: PatternClass[];
  seed: number;
};

export const DEFAULT_MODEL_CONFIG: ModelConfig = {
  length: 64,
  embeddingSize: 32,
  filters: [16, 32, 32],
  kernelSizes: [7, 5, 3],
  hidden: 64,
  classes: [...PATTERN_CLASSES],
  seed: 1,
};

export type PatternModel = { model: tf.LayersModel; config: ModelConfig };

/**
 * A 1-D CNN encoder with two outputs: the raw embedding (L2-normalised by embedWindows, outside the graph, so the
 * saved model uses only built-in layers) and the class logits computed from that embedding, so the classes
 * have to be readable from the embedding itself. No global pooling: where a peak sits (middle third for a
 * head-and-shoulders, quarters for a double top) is part of the class. Initialisers are seeded: same seed, same
 * starting weights.
 */
export function buildModel(config: ModelConfig): tf.LayersModel {
  let seed = config.seed * 1000;
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const input = tf.input({ shape: [config.length, 1], name: "window" });
  let x: tf.SymbolicTensor = input;
  config.filters.forEach((filters, i) => {
    x = tf.layers
      .conv1d({ filters, kernelSize: config.kernelSizes[i] ?? 3, padding: "same", activation: "relu", kernelInitializer: init(), name: `conv${i + 1}` })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers.maxPooling1d({ poolSize: 2, name: `pool${i + 1}` }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.flatten({ name: "flatten" }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: config.hidden, activation: "relu", kernelInitializer: init(), name: "hidden" }).apply(x) as tf.SymbolicTensor;
  const embedding = tf.layers.dense({ units: config.embeddingSize, kernelInitializer: init(), name: "embedding" }).apply(x) as tf.SymbolicTensor;
  const logits = tf.layers.dense({ units: config.classes.length, kernelInitializer: init(), name: "logits" }).apply(embedding) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: [embedding, logits], name: "pattern_encoder" });
}

export function l2Normalise(t: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(t, tf.add(tf.norm(t, "euclidean", -1, true), 1e-12)) as tf.Tensor2D);
}

/** Windows in as already prepared rows (samples x length), or as raw windows of any length to prepare. */
export type WindowInput = { inputs: Float32Array; samples: number } | { windows: ArrayLike<number>[] };

function toRows(input: WindowInput, length: number): { inputs: Float32Array; samples: number } {
  if ("inputs" in input) return input;
  const rows = new Float32Array(input.windows.length * length);
  input.windows.forEach((w, i) => rows.set(prepareWindow(w, length), i * length));
  return { inputs: rows, samples: input.windows.length };
}

function runBatches(pm: PatternModel, input: WindowInput, pick: (emb: tf.Tensor2D, logits: tf.Tensor2D) => tf.Tensor2D, width: number, batchSize: number): Float32Array {
  const { inputs, samples } = toRows(input, pm.config.length);
  const L = pm.config.length;
  const out = new Float32Array(samples * width);
  for (let start = 0; start < samples; start += batchSize) {
    const n = Math.min(batchSize, samples - start);
    // Read the values outside tidy: tidy walks whatever its callback returns, element by element for a typed array.
    const result = tf.tidy(() => {
      const x = tf.tensor3d(inputs.subarray(start * L, (start + n) * L), [n, L, 1]);
      const [emb, logits] = pm.model.predict(x) as tf.Tensor2D[];
      return pick(emb, logits);
    });
    out.set(result.dataSync() as Float32Array, start * width);
    result.dispose();
  }
  return out;
}

/** L2-normalised embeddings, samples x embeddingSize, row-major. Cosine similarity is then a dot product. */
export function embedWindows(options: { model: PatternModel; batchSize?: number } & WindowInput): Float32Array {
  return runBatches(options.model, options, (emb) => l2Normalise(emb), options.model.config.embeddingSize, options.batchSize ?? 1024);
}

/** Class probabilities, samples x classes, row-major, in the order of model.config.classes. */
export function classifyWindows(options: { model: PatternModel; batchSize?: number } & WindowInput): Float32Array {
  return runBatches(options.model, options, (_e, logits) => tf.softmax(logits), options.model.config.classes.length, options.batchSize ?? 1024);
}
