// Measures the pattern model's training step and inference on each tfjs backend, and the ways to supply the
// Conv2DBackpropFilter kernel that wasm lacks. Prints figures; asserts nothing.
// Usage: npm run bench:model -- [--batches N] [--infer N]
import { parseArgs } from "node:util";
import os from "node:os";
import { registerFilterGrad, tf, useBackend, type BackendName, type FilterGradKernel } from "@/ml/backend";
import { batchHardTripletLoss } from "@/ml/losses";
import { buildModel, DEFAULT_MODEL_CONFIG, embedWindows, l2Normalise } from "@/ml/model";
import { generateDataset } from "@/ml/synthetic";
import { DEFAULT_TRAIN_OPTIONS } from "@/ml/train-model";

const { values } = parseArgs({ options: { batches: { type: "string", default: "15" }, infer: { type: "string", default: "10000" } } });
const BATCHES = Number(values.batches);
const INFER = Number(values.infer);
const B = DEFAULT_TRAIN_OPTIONS.batchSize;
const L = DEFAULT_MODEL_CONFIG.length;
const data = generateDataset({ samples: B * BATCHES, seed: 1 });
const inferData = generateDataset({ samples: INFER, seed: 2 });

async function trainSteps(backend: BackendName, batches: number): Promise<number> {
  await useBackend(backend);
  const model = buildModel(DEFAULT_MODEL_CONFIG);
  const optimizer = tf.train.adam(0.003);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const step = (b: number) =>
    tf.tidy(() => {
      const x = tf.tensor3d(data.inputs.subarray(b * B * L, (b + 1) * B * L), [B, L, 1]);
      const y = tf.tensor1d(data.labels.subarray(b * B, (b + 1) * B), "int32");
      const onehot = tf.oneHot(y, DEFAULT_MODEL_CONFIG.classes.length);
      const loss = optimizer.minimize(() => {
        const [e, logits] = model.apply(x, { training: true }) as tf.Tensor2D[];
        return tf.add(tf.losses.softmaxCrossEntropy(onehot, logits), batchHardTripletLoss(l2Normalise(e), y, 0.2)) as tf.Scalar;
      }, true, vars);
      loss!.dataSync();
    });
  step(0); // warm-up (kernel setup, wasm heap growth)
  const t = performance.now();
  for (let b = 1; b <= batches; b++) step(b % BATCHES);
  const ms = (performance.now() - t) / batches;
  optimizer.dispose();
  model.dispose();
  return ms;
}

async function inferMs(backend: BackendName): Promise<number> {
  await useBackend(backend);
  const model = { model: buildModel(DEFAULT_MODEL_CONFIG), config: DEFAULT_MODEL_CONFIG };
  embedWindows({ model, inputs: inferData.inputs.subarray(0, 1024 * L), samples: 1024 });
  const t = performance.now();
  embedWindows({ model, inputs: inferData.inputs, samples: INFER });
  const ms = performance.now() - t;
  model.model.dispose();
  return ms;
}

const row = (label: string, ms: number, extra = "") => console.log(`${label.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms${extra}`);
console.log(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((v) => v.toFixed(1)).join(" ")}`);
console.log(`training step: batch ${B} windows x ${L}, model ${JSON.stringify({ filters: DEFAULT_MODEL_CONFIG.filters, kernels: DEFAULT_MODEL_CONFIG.kernelSizes, hidden: DEFAULT_MODEL_CONFIG.hidden, embedding: DEFAULT_MODEL_CONFIG.embeddingSize })}`);

// Order matters: the cpu backend's stock kernel cannot be restored once replaced, so it is measured first.
const few = 1; // the stock cpu filter gradient takes seconds per batch
const configs: [string, BackendName, FilterGradKernel, number][] = [
  ["cpu, stock kernels", "cpu", "cpu", few],
  ["wasm, filter grad delegated to cpu stock", "wasm", "cpu", few],
  ["wasm, filter grad by our typed-array loop", "wasm", "fast", BATCHES],
  ["cpu, filter grad by our typed-array loop", "cpu", "fast", BATCHES],
];
const results: Record<string, number> = {};
for (const [label, backend, kernel, n] of configs) {
  registerFilterGrad(backend, kernel);
  const ms = await trainSteps(backend, n);
  results[label] = ms;
  row(`train step ${label}`, ms, `  (${n} batches; ${((ms * (DEFAULT_TRAIN_OPTIONS.samples / B)) / 1000).toFixed(1)} s per epoch of ${DEFAULT_TRAIN_OPTIONS.samples})`);
}
for (const backend of ["wasm", "cpu"] as const) {
  const ms = await inferMs(backend);
  row(`embed ${INFER} windows on ${backend}`, ms, `  (${((ms / INFER) * 1000).toFixed(1)} us per window)`);
}
registerFilterGrad("wasm", "fast");
await useBackend("wasm");
