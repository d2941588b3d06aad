import { tf } from "@/ml/backend";

/**
 * Batch-hard triplet loss (Hermans et al. 2017) on L2-normalised embeddings: for every anchor, its farthest
 * same-class sample and its nearest other-class sample in the batch, hinge with `margin`. Distances are
 * Euclidean on the unit sphere, so they lie in [0, 2].
 */
export function batchHardTripletLoss(embeddings: tf.Tensor2D, labels: tf.Tensor1D, margin: number): tf.Scalar {
  return tf.tidy(() => {
    const n = embeddings.shape[0];
    const sim = tf.matMul(embeddings, embeddings, false, true);
    const dist = tf.sqrt(tf.add(tf.relu(tf.sub(2, tf.mul(2, sim))), 1e-9));
    const same = tf.cast(tf.equal(tf.expandDims(labels, 1), tf.expandDims(labels, 0)), "float32");
    const positives = tf.sub(same, tf.eye(n));
    const hardestPositive = tf.max(tf.mul(dist, positives), 1);
    // Adding 4 (more than any distance) to same-class entries takes them out of the minimum.
    const hardestNegative = tf.min(tf.add(dist, tf.mul(same, 4)), 1);
    return tf.mean(tf.relu(tf.add(tf.sub(hardestPositive, hardestNegative), margin))) as tf.Scalar;
  });
}

/**
 * Symmetric InfoNCE (CLIP-style) between two L2-normalised views of the same items: row i of `a` must pick row i
 * of `b` among all rows (and the other way round), logits = cosine / temperature. Items of one group (the same
 * named pattern, jittered differently) are not each other's negatives: their cross logits are masked out.
 */
export function infoNceLoss(a: tf.Tensor2D, b: tf.Tensor2D, groups: tf.Tensor1D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const n = a.shape[0];
    const eye = tf.eye(n);
    const same = tf.cast(tf.equal(tf.expandDims(groups, 1), tf.expandDims(groups, 0)), "float32");
    const mask = tf.mul(tf.sub(same, eye), -1e4);
    const logits = tf.add(tf.div(tf.matMul(a, b, false, true), temperature), mask);
    const ab = tf.losses.softmaxCrossEntropy(eye, logits);
    const ba = tf.losses.softmaxCrossEntropy(eye, tf.transpose(logits));
    return tf.div(tf.add(ab, ba), 2) as tf.Scalar;
  });
}
