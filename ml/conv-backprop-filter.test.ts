import { describe, expect, it } from "vitest";
import { initBackend, registerFilterGrad, tf, switchBackend } from "@/ml/backend";
import { createRandom, gaussian } from "@/ml/random";

// The filter gradient of our kernel (used on wasm) against the cpu backend's stock kernel, through tf.grads.
describe("Conv2DBackpropFilter on wasm", () => {
  it.each([
    ["same, stride 1", "same", 1, [4, 20, 3], [5, 3, 6]],
    ["valid, stride 2", "valid", 2, [3, 17, 2], [3, 2, 4]],
  ] as const)("matches the cpu kernel (%s)", async (_name, pad, stride, xShape, fShape) => {
    const r = createRandom(11);
    const xs = Float32Array.from({ length: xShape[0] * xShape[1] * xShape[2] }, () => gaussian(r));
    const fs = Float32Array.from({ length: fShape[0] * fShape[1] * fShape[2] }, () => gaussian(r));
    const grads = () =>
      tf.tidy(() => {
        const x = tf.tensor3d(xs, [...xShape]);
        const f = tf.tensor3d(fs, [...fShape]);
        // relu makes the upstream gradient sparse and uneven, as in the model.
        const [gx, gf] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.relu(tf.conv1d(a as tf.Tensor3D, b as tf.Tensor3D, stride, pad)))))([x, f]);
        return [Array.from(gx.dataSync()), Array.from(gf.dataSync())];
      });
    await switchBackend("cpu");
    const [cpuX, cpuF] = grads();
    await switchBackend("wasm");
    const [wasmX, wasmF] = grads();
    expect(tf.getBackend()).toBe("wasm");
    expect(wasmF.length).toBe(cpuF.length);
    for (let i = 0; i < cpuF.length; i++) expect(wasmF[i]).toBeCloseTo(cpuF[i], 3);
    for (let i = 0; i < cpuX.length; i++) expect(wasmX[i]).toBeCloseTo(cpuX[i], 3);
    await switchBackend("wasm");
    expect(await initBackend()).toBe("wasm");
  });

  it("can also replace the cpu backend's slow kernel, with the same result", async () => {
    const r = createRandom(12);
    const xs = Float32Array.from({ length: 2 * 12 * 3 }, () => gaussian(r));
    const fs = Float32Array.from({ length: 3 * 3 * 4 }, () => gaussian(r));
    const grad = () =>
      tf.tidy(() => Array.from(tf.grad((f: tf.Tensor) => tf.sum(tf.square(tf.conv1d(tf.tensor3d(xs, [2, 12, 3]), f as tf.Tensor3D, 1, "same"))))(tf.tensor3d(fs, [3, 3, 4])).dataSync()));
    await switchBackend("cpu");
    const stock = grad();
    registerFilterGrad("cpu", "fast");
    const fast = grad();
    for (let i = 0; i < stock.length; i++) expect(fast[i]).toBeCloseTo(stock[i], 3);
    await switchBackend("wasm");
  });
});
