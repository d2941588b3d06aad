import { placeQuantiles, quantileSorted } from "@/lib/outcomes/quantile";
import { createRandom } from "@/ml/random";

/**
 * A percentile interval of the mean of `values` by a circular block bootstrap over clusters: whole clusters are
 * resampled (matches in one cluster move together), in runs of `blockLength` date-neighbouring clusters (default
 * the cube root of their count, the usual rate) so that dependence between neighbouring periods is kept too.
 * The statistic is the pooled mean of the resampled matches. Seeded: the same seed gives the same interval.
 */
export function bootstrapInterval({ values, clusterOf, clusters, resamples, seed, level = 0.95, blockLength }: { values: Float64Array; clusterOf: Int32Array; clusters: number; resamples: number; seed: number; level?: number; blockLength?: number }): { interval: [number, number]; blockLength: number } | null {
  if (values.length === 0 || clusters === 0) return null;
  const sum = new Float64Array(clusters);
  const count = new Float64Array(clusters);
  for (let i = 0; i < values.length; i++) {
    sum[clusterOf[i]] += values[i];
    count[clusterOf[i]]++;
  }
  const block = Math.max(1, Math.min(clusters, blockLength ?? Math.round(Math.cbrt(clusters))));
  const blocks = Math.ceil(clusters / block);
  const random = createRandom(seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0, c = 0, taken = 0;
    for (let k = 0; k < blocks; k++) {
      const start = Math.floor(random() * clusters);
      for (let j = 0; j < block && taken < clusters; j++, taken++) {
        const at = (start + j) % clusters;
        s += sum[at];
        c += count[at];
      }
    }
    means[b] = s / c;
  }
  const tail = (1 - level) / 2;
  placeQuantiles(means, [tail, 1 - tail]);
  return { interval: [quantileSorted(means, tail), quantileSorted(means, 1 - tail)], blockLength: block };
}
