/**
 * Daily noise laid over a planted pattern, in units of 1 (unit standard deviation; the plant scales it by the
 * ticker's own volatility). Gaussian, two heavy-tailed laws (Student-t with 3 degrees of freedom, Laplace) and
 * volatility clustering (GARCH(1,1) with persistence 0.95), because real daily returns are fat-tailed and bursty.
 */
import { gaussian } from "@/lib/search/testing/random";

export const NOISE_FAMILIES = ["gaussian", "student-t", "laplace", "garch"] as const;
export type NoiseFamily = (typeof NOISE_FAMILIES)[number];

/** n draws of one noise family, each of unit variance (the GARCH path: unit unconditional variance). */
export function noiseSeries(family: NoiseFamily, r: () => number, n: number): Float64Array {
  const out = new Float64Array(n);
  if (family === "gaussian") for (let i = 0; i < n; i++) out[i] = gaussian(r);
  else if (family === "student-t") {
    // t(3) = z / sqrt(chi2(3) / 3) has variance 3
    for (let i = 0; i < n; i++) {
      const chi = gaussian(r) ** 2 + gaussian(r) ** 2 + gaussian(r) ** 2;
      out[i] = gaussian(r) / Math.sqrt(Math.max(chi, 1e-12) / 3) / Math.sqrt(3);
    }
  } else if (family === "laplace") {
    // Laplace(b) has variance 2 b^2
    const b = Math.SQRT1_2;
    for (let i = 0; i < n; i++) {
      const e = -Math.log(1 - r());
      out[i] = (r() < 0.5 ? -1 : 1) * b * e;
    }
  } else {
    const alpha = 0.12, beta = 0.83, omega = 1 - alpha - beta;
    // start from a random state of the process, not from its mean
    let h = 0.3 + 1.4 * r(), prev = gaussian(r) * Math.sqrt(h);
    for (let i = 0; i < n; i++) {
      h = omega + alpha * prev * prev + beta * h;
      prev = gaussian(r) * Math.sqrt(h);
      out[i] = prev;
    }
  }
  return out;
}
