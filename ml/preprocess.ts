/** Linear-interpolation resampling to `n` equally spaced points (the model sees every window at one length). */
export function resample(values: ArrayLike<number>, n: number): Float32Array {
  const out = new Float32Array(n);
  const m = values.length;
  if (m === 0) return out;
  if (m === 1 || n === 1) return out.fill(values[0]);
  const scale = (m - 1) / (n - 1);
  for (let i = 0; i < n; i++) {
    const x = i * scale;
    const k = Math.min(m - 2, Math.floor(x));
    const f = x - k;
    out[i] = values[k] * (1 - f) + values[k + 1] * f;
  }
  return out;
}

/**
 * z-normalisation: subtract the mean, divide by the standard deviation. This is what makes the model blind to a
 * window's price level and scale. A flat window (sd ~ 0) becomes all zeros rather than NaN.
 */
export function zNormalise(values: ArrayLike<number>): Float32Array {
  const n = values.length;
  const out = new Float32Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n || 1;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i] - mean) ** 2;
  const sd = Math.sqrt(v / (n || 1));
  if (!(sd > 1e-8 * Math.max(1, Math.abs(mean)))) return out;
  for (let i = 0; i < n; i++) out[i] = (values[i] - mean) / sd;
  return out;
}

/** The model's input for any window: resampled to `n` points, then z-normalised. */
export function prepareWindow(values: ArrayLike<number>, n = 64): Float32Array {
  return zNormalise(resample(values, n));
}
