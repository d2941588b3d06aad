import { contrastivePair, namedShape, randomKeypoints, randomPath, type ShapeSource } from "@/ml/augment";
import { randomInt, type Random } from "@/ml/random";
import { PATTERN_SHAPES, type PatternName } from "@/ml/shapes";

const NAMED = Object.keys(PATTERN_SHAPES) as PatternName[];

export type ContrastiveBatch = {
  /** pairs x length, row-major: the query-side views. */
  queries: Float32Array;
  /** pairs x length: the data-side views, row i the same shape as query i. */
  views: Float32Array;
  /** Items of one group are not each other's negatives (the same named pattern); others are unique. */
  groups: Int32Array;
};

/**
 * `pairs` shapes, half named patterns, 30% random turning-point shapes, 20% random-walk windows (a range picked
 * on a chart), each seen once as a query and once as the data shows it (ml/augment.ts).
 */
export function contrastiveBatch(r: Random, pairs: number, length: number): ContrastiveBatch {
  const queries = new Float32Array(pairs * length);
  const views = new Float32Array(pairs * length);
  const groups = new Int32Array(pairs);
  for (let i = 0; i < pairs; i++) {
    const p = r();
    let source: ShapeSource;
    if (p < 0.5) {
      const g = randomInt(r, 0, NAMED.length - 1);
      source = namedShape(NAMED[g]);
      groups[i] = g;
    } else {
      source = p < 0.8 ? { kind: "keys", keys: randomKeypoints(r) } : { kind: "path", path: randomPath(r) };
      groups[i] = NAMED.length + i;
    }
    const [q, v] = contrastivePair(r, source, length);
    queries.set(q, i * length);
    views.set(v, i * length);
  }
  return { queries, views, groups };
}
