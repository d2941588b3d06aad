import { initBackend, tf, type BackendName } from "@/ml/backend";
import { evaluateModel, type EvaluationMetrics } from "@/ml/evaluate";
import { batchHardTripletLoss } from "@/ml/losses";
import { buildModel, DEFAULT_MODEL_CONFIG, l2Normalise, type ModelConfig, type PatternModel } from "@/ml/model";
import { DEFAULT_GENERATOR_OPTIONS, generateDataset, type GeneratorOptions } from "@/ml/synthetic";

export type TrainOptions = {
  epochs: number;
  /** Fresh synthetic windows generated for every epoch (the generator is cheap, so the model never sees one twice). */
  samples: number;
  holdoutSamples: number;
  embeddingSize: number;
  seed: number;
  batchSize: number;
  learningRate: number;
  /** Weight of the triplet loss next to the cross-entropy. */
  tripletWeight: number;
  tripletMargin: number;
  model?: Partial<Omit<ModelConfig, "embeddingSize" | "seed">>;
  generator?: GeneratorOptions;
};

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 8,
  samples: 6000,
  holdoutSamples: 2700,
  embeddingSize: 32,
  seed: 1,
  batchSize: 96,
  learningRate: 0.003,
  tripletWeight: 1,
  tripletMargin: 0.2,
};

export type EpochCurve = { epoch: number; loss: number; crossEntropy: number; triplet: number; accuracy: number; holdoutAccuracy: number; seconds: number };

export type TrainProgress = {
  phase: "batch" | "epoch";
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  holdoutAccuracy?: number;
  elapsedMs: number;
  etaMs: number;
};

export type TrainResult = {
  model: PatternModel;
  options: TrainOptions;
  curves: EpochCurve[];
  metrics: EvaluationMetrics;
  backend: BackendName;
  trainingMs: number;
};

function validate(o: TrainOptions) {
  const whole = (name: keyof TrainOptions, min: number) => {
    const v = o[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer >= ${min} (got ${String(v)})`);
  };
  whole("epochs", 1);
  whole("batchSize", 2);
  whole("samples", o.batchSize);
  whole("holdoutSamples", 1);
  whole("embeddingSize", 2);
  whole("seed", 0);
  if (!(o.learningRate > 0)) throw new RangeError("learningRate must be > 0");
}

// Yield between batches so a server running this in a background job keeps answering requests.
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Trains the pattern encoder on synthetic windows: softmax cross-entropy on the logits plus a batch-hard triplet
 * loss on the L2-normalised embedding, Adam, fresh data each epoch (seeded by seed and epoch), then evaluates
 * on a hold-out set generated from a separate seed. Same options, same backend: same model.
 */
export async function trainModel(partial: Partial<TrainOptions> = {}, onProgress?: (p: TrainProgress) => void): Promise<TrainResult> {
  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...partial };
  validate(options);
  const backend = await initBackend();
  const config: ModelConfig = { ...DEFAULT_MODEL_CONFIG, ...options.model, embeddingSize: options.embeddingSize, seed: options.seed };
  const model = buildModel(config);
  const pm: PatternModel = { model, config };
  const optimizer = tf.train.adam(options.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const generator = options.generator ?? DEFAULT_GENERATOR_OPTIONS;
  const holdout = generateDataset({ samples: options.holdoutSamples, seed: options.seed * 7919 + 1_000_003, length: config.length, classes: config.classes, generator });
  const L = config.length;
  const k = config.classes.length;
  const batches = Math.ceil(options.samples / options.batchSize);
  const totalBatches = batches * options.epochs;
  const curves: EpochCurve[] = [];
  const started = performance.now();
  let done = 0;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const epochStart = performance.now();
    // Cosine decay over the epochs: big steps first, then settle (the hold-out accuracy stops jumping around).
    (optimizer as unknown as { learningRate: number }).learningRate = options.learningRate * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / options.epochs));
    const data = generateDataset({ samples: options.samples, seed: options.seed * 7919 + epoch, length: L, classes: config.classes, generator });
    let lossSum = 0;
    let ceSum = 0;
    let tripletSum = 0;
    let correct = 0;
    for (let b = 0; b < batches; b++) {
      const start = b * options.batchSize;
      const n = Math.min(options.batchSize, data.samples - start);
      let parts: tf.Tensor1D | undefined;
      tf.tidy(() => {
        const x = tf.tensor3d(data.inputs.subarray(start * L, (start + n) * L), [n, L, 1]);
        const y = tf.tensor1d(data.labels.subarray(start, start + n), "int32");
        const onehot = tf.oneHot(y, k);
        optimizer.minimize(
          () => {
            const [emb, logits] = model.apply(x, { training: true }) as tf.Tensor2D[];
            const ce = tf.losses.softmaxCrossEntropy(onehot, logits) as tf.Scalar;
            const triplet = batchHardTripletLoss(l2Normalise(emb), y, options.tripletMargin);
            const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), "float32"));
            parts = tf.keep(tf.stack([ce, triplet, hits]) as tf.Tensor1D);
            return tf.add(ce, tf.mul(triplet, options.tripletWeight)) as tf.Scalar;
          },
          false,
          variables,
        );
      });
      const [ce, triplet, hits] = parts!.dataSync();
      parts!.dispose();
      ceSum += ce * n;
      tripletSum += triplet * n;
      lossSum += (ce + options.tripletWeight * triplet) * n;
      correct += hits;
      done++;
      const elapsedMs = performance.now() - started;
      const seen = b * options.batchSize + n;
      onProgress?.({
        phase: "batch",
        epoch,
        epochs: options.epochs,
        batch: b + 1,
        batches,
        loss: lossSum / seen,
        accuracy: correct / seen,
        elapsedMs,
        etaMs: (elapsedMs / done) * (totalBatches - done),
      });
      await yieldToEventLoop();
    }
    const holdoutAccuracy = evaluateModel({ model: pm, data: holdout }).accuracy;
    const curve: EpochCurve = {
      epoch,
      loss: lossSum / data.samples,
      crossEntropy: ceSum / data.samples,
      triplet: tripletSum / data.samples,
      accuracy: correct / data.samples,
      holdoutAccuracy,
      seconds: (performance.now() - epochStart) / 1000,
    };
    curves.push(curve);
    const elapsedMs = performance.now() - started;
    onProgress?.({ phase: "epoch", epoch, epochs: options.epochs, batch: batches, batches, loss: curve.loss, accuracy: curve.accuracy, holdoutAccuracy, elapsedMs, etaMs: (elapsedMs / done) * (totalBatches - done) });
  }
  optimizer.dispose();
  const metrics = evaluateModel({ model: pm, data: holdout });
  return { model: pm, options, curves, metrics, backend, trainingMs: performance.now() - started };
}
