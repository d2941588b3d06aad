import { initBackend, tf, type BackendName } from "@/ml/backend";
import { createRandom } from "@/ml/random";
import { evaluateModel, type EvaluationMetrics } from "@/ml/evaluate";
import { batchHardTripletLoss, infoNceLoss } from "@/ml/losses";
import { buildModel, DEFAULT_MODEL_CONFIG, l2Normalise, type ModelConfig, type PatternModel } from "@/ml/model";
import { DEFAULT_GENERATOR_OPTIONS, generateDataset, type GeneratorOptions } from "@/ml/synthetic";
import { contrastiveBatch } from "@/ml/contrastive";

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
  /**
   * Weight of the contrastive (InfoNCE) loss over augmented pairs (ml/augment.ts): each batch also holds
   * `contrastivePairs` shapes seen as a query and as the data shows them, and the embedding must pick each
   * query's own data view among the batch's others. 0 or absent: no contrastive term (the models stored
   * before it existed).
   */
  contrastiveWeight?: number;
  contrastivePairs?: number;
  /** Softmax temperature of the InfoNCE logits (cosine similarity / temperature). */
  temperature?: number;
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
  // Off by default: `npm run train -- --contrastive 1` (64 pairs per batch, temperature 0.1; 559 s against 95 s
  // at load 17-22) raised the recall suite's model search on seeds 1-3 on smooth 0.717 -> 0.750, piecewise
  // 0.761 -> 0.833, hand 0.622 -> 0.633, bursts 0.733 -> 0.767, range 0.507 -> 0.521, but lost long shapes
  // 0.822 -> 0.722 (docs/recall.md, "Model search").
  contrastiveWeight: 0,
  contrastivePairs: 64,
  temperature: 0.1,
};

export type EpochCurve = { epoch: number; loss: number; crossEntropy: number; triplet: number; contrastive?: number; accuracy: number; holdoutAccuracy: number; seconds: number };

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
  if ((o.contrastiveWeight ?? 0) > 0) whole("contrastivePairs", 2);
  if (o.temperature !== undefined && !(o.temperature > 0)) throw new RangeError("temperature must be > 0");
  if (!(o.learningRate > 0)) throw new RangeError("learningRate must be > 0");
}

// Yield between batches so a server running this in a background job keeps answering requests.
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Trains the pattern encoder on synthetic windows: softmax cross-entropy on the logits plus a batch-hard triplet
 * loss on the L2-normalised embedding, plus (contrastiveWeight > 0) a symmetric InfoNCE loss over augmented
 * pairs (ml/contrastive.ts: named patterns, random turning-point shapes and random-walk windows, each seen as a
 * query and as the data shows it, warped, jittered, noised, drifted, 24-250 candles), so that the embedding is
 * invariant to what issue 15's specification says search must tolerate. Adam, fresh data each epoch (seeded by
 * seed and epoch), then evaluates on a hold-out set generated from a separate seed. Same options, same backend:
 * same model. The network is the same with or without the contrastive term, so older versions load unchanged.
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
    let contrastiveSum = 0;
    let correct = 0;
    const cw = options.contrastiveWeight ?? 0;
    const pairs = cw > 0 ? (options.contrastivePairs ?? 64) : 0;
    const pairRandom = createRandom(options.seed * 104_729 + epoch);
    for (let b = 0; b < batches; b++) {
      const start = b * options.batchSize;
      const n = Math.min(options.batchSize, data.samples - start);
      let parts: tf.Tensor1D | undefined;
      const pairBatch = pairs > 0 ? contrastiveBatch(pairRandom, pairs, L) : null;
      tf.tidy(() => {
        const classified = data.inputs.subarray(start * L, (start + n) * L);
        // One forward pass over the classified windows, then the queries and data views of the pairs.
        const x = pairBatch ? tf.concat([tf.tensor3d(classified, [n, L, 1]), tf.tensor3d(pairBatch.queries, [pairs, L, 1]), tf.tensor3d(pairBatch.views, [pairs, L, 1])]) : tf.tensor3d(classified, [n, L, 1]);
        const y = tf.tensor1d(data.labels.subarray(start, start + n), "int32");
        const onehot = tf.oneHot(y, k);
        optimizer.minimize(
          () => {
            const [embAll, logitsAll] = model.apply(x, { training: true }) as tf.Tensor2D[];
            const emb = pairBatch ? tf.slice(embAll, [0, 0], [n, -1]) : embAll;
            const logits = pairBatch ? tf.slice(logitsAll, [0, 0], [n, -1]) : logitsAll;
            const ce = tf.losses.softmaxCrossEntropy(onehot, logits) as tf.Scalar;
            const triplet = batchHardTripletLoss(l2Normalise(emb), y, options.tripletMargin);
            const contrastive = pairBatch
              ? infoNceLoss(l2Normalise(tf.slice(embAll, [n, 0], [pairs, -1])), l2Normalise(tf.slice(embAll, [n + pairs, 0], [pairs, -1])), tf.tensor1d(pairBatch.groups, "int32"), options.temperature ?? 0.1)
              : tf.scalar(0);
            const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), "float32"));
            parts = tf.keep(tf.stack([ce, triplet, contrastive, hits]) as tf.Tensor1D);
            return tf.addN([ce, tf.mul(triplet, options.tripletWeight), tf.mul(contrastive, cw)]) as tf.Scalar;
          },
          false,
          variables,
        );
      });
      const [ce, triplet, contrastive, hits] = parts!.dataSync();
      parts!.dispose();
      ceSum += ce * n;
      tripletSum += triplet * n;
      contrastiveSum += contrastive * n;
      lossSum += (ce + options.tripletWeight * triplet + cw * contrastive) * n;
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
      ...(pairs > 0 ? { contrastive: contrastiveSum / data.samples } : {}),
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
