// Trains the pattern model on synthetic data, evaluates it on a hold-out set, stores it as a model version and
// activates it. Usage: npm run train -- [--epochs N] [--samples N] [--embedding N] [--seed N] [--batch N]
//   [--contrastive W] [--pairs N] [--temperature T] [--triplet W] [--no-activate]
import os from "node:os";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { openCliDatabase } from "@/lib/db/cli-database";
import { trainAndStoreModel } from "@/lib/model/train-and-store-model";
import { formatConfusion } from "@/ml/evaluate";
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from "@/ml/train-model";

const { values } = parseArgs({
  options: {
    epochs: { type: "string" },
    samples: { type: "string" },
    embedding: { type: "string" },
    seed: { type: "string" },
    batch: { type: "string" },
    contrastive: { type: "string" },
    pairs: { type: "string" },
    temperature: { type: "string" },
    triplet: { type: "string" },
    "no-activate": { type: "boolean", default: false },
  },
});

const num = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number`);
  return n;
};
const training: Partial<TrainOptions> = Object.fromEntries(
  Object.entries({
    epochs: num(values.epochs, "epochs"),
    samples: num(values.samples, "samples"),
    embeddingSize: num(values.embedding, "embedding"),
    seed: num(values.seed, "seed"),
    batchSize: num(values.batch, "batch"),
    contrastiveWeight: num(values.contrastive, "contrastive"),
    contrastivePairs: num(values.pairs, "pairs"),
    temperature: num(values.temperature, "temperature"),
    tripletWeight: num(values.triplet, "triplet"),
  }).filter(([, v]) => v !== undefined),
);
const options = { ...DEFAULT_TRAIN_OPTIONS, ...training };
const fmt = (ms: number) => `${Math.floor(ms / 60000)}m${String(Math.round((ms % 60000) / 1000)).padStart(2, "0")}s`;

const { db, close } = await openCliDatabase({ log: (l) => console.log(l) });
const interactive = process.stdout.isTTY;
const bar = new cliProgress.SingleBar(
  { format: "epoch {epoch}/{epochs} [{bar}] {percentage}% loss {loss} acc {acc} eta {etaText}", hideCursor: true },
  cliProgress.Presets.shades_classic,
);
console.log(
  `training: ${options.epochs} epochs x ${options.samples} fresh synthetic windows, batch ${options.batchSize}, embedding ${options.embeddingSize}, seed ${options.seed}, contrastive ${options.contrastiveWeight ?? 0} x ${options.contrastivePairs} pairs per batch (temperature ${options.temperature}), triplet ${options.tripletWeight}, load average ${os.loadavg().map((v) => v.toFixed(1)).join(" ")}`,
);
let started = false;
try {
  const result = await trainAndStoreModel(db, {
    training,
    activate: !values["no-activate"],
    onProgress: (p) => {
      const payload = { epoch: p.epoch, epochs: p.epochs, loss: p.loss.toFixed(4), acc: p.accuracy.toFixed(4), etaText: fmt(p.etaMs) };
      const total = p.batches * p.epochs;
      const value = (p.epoch - 1) * p.batches + p.batch;
      if (interactive) {
        if (!started) bar.start(total, 0, payload);
        started = true;
        bar.update(value, payload);
      }
      if (p.phase === "epoch") {
        const line = `epoch ${p.epoch}/${p.epochs}  loss ${p.loss.toFixed(4)}  train acc ${p.accuracy.toFixed(4)}  hold-out acc ${p.holdoutAccuracy?.toFixed(4)}  elapsed ${fmt(p.elapsedMs)}  eta ${fmt(p.etaMs)}`;
        if (interactive) bar.updateETA();
        console.log(interactive ? `\n${line}` : line);
      }
    },
  });
  if (interactive) bar.stop();
  const m = result.metrics;
  console.log(`\nmodel version ${result.id} stored${values["no-activate"] ? "" : " and activated"} (backend ${result.backend})`);
  console.log(`training time ${(result.trainingMs / 1000).toFixed(1)} s, peak RSS ${result.peakRssMb.toFixed(0)} MB`);
  console.log(`hold-out accuracy ${(m.accuracy * 100).toFixed(2)}% on ${m.samples} windows`);
  for (const c of m.perClass) console.log(`  ${c.class.padEnd(28)} accuracy ${(c.accuracy * 100).toFixed(1).padStart(5)}%  precision ${(c.precision * 100).toFixed(1).padStart(5)}%  n=${c.support}`);
  console.log("confusion matrix (rows: truth, columns: prediction)");
  console.log(formatConfusion(m));
} catch (error) {
  if (interactive) bar.stop();
  console.error(`training failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await close();
}
