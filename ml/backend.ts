import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export type BackendName = "wasm" | "cpu";

/**
 * Kernels the wasm backend lacks but a conv1d model needs for training. Each delegates to the cpu backend's kernel:
 * the inputs are copied out of the wasm heap, computed on cpu, and the result is written back as a wasm tensor.
 * The copies are small next to the convolution itself (measured in scripts/bench-model.ts).
 */
const DELEGATED_KERNELS = ["Conv2DBackpropFilter"] as const;

let delegated = false;

function delegateToCpu() {
  if (delegated) return;
  delegated = true;
  for (const kernelName of DELEGATED_KERNELS) {
    if (tf.getKernel(kernelName, "wasm")) continue;
    const cpuKernel = tf.getKernel(kernelName, "cpu");
    if (!cpuKernel) throw new Error(`The cpu backend has no ${kernelName} kernel to delegate to`);
    tf.registerKernel({
      kernelName,
      backendName: "wasm",
      kernelFunc: ({ inputs, attrs, backend }) => {
        const wasm = backend as tf.KernelBackend & {
          makeOutput(shape: number[], dtype: tf.DataType, offset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
        };
        const cpu = tf.findBackend("cpu") as tf.KernelBackend & {
          makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): tf.TensorInfo;
          disposeIntermediateTensorInfo(info: tf.TensorInfo): void;
        };
        const cpuInputs: Record<string, tf.TensorInfo> = {};
        for (const [name, info] of Object.entries(inputs)) {
          if (!info) continue;
          // slice(): the wasm view is invalidated when the heap grows.
          const values = (wasm.readSync(info.dataId) as Float32Array).slice();
          cpuInputs[name] = cpu.makeTensorInfo(info.shape, info.dtype, values);
        }
        const out = cpuKernel.kernelFunc({ inputs: cpuInputs, attrs, backend: cpu }) as tf.TensorInfo;
        const values = cpu.readSync(out.dataId) as Float32Array;
        const result = wasm.makeOutput(out.shape, out.dtype, undefined, values);
        for (const info of Object.values(cpuInputs)) cpu.disposeIntermediateTensorInfo(info);
        cpu.disposeIntermediateTensorInfo(out);
        return result;
      },
    });
  }
}

let ready: Promise<BackendName> | undefined;

/**
 * Selects the tfjs backend once per process. wasm is the default: it trains this conv1d model faster than cpu here
 * (with the delegated gradient kernel) and infers about 20x faster (figures in scripts/bench-model.ts).
 * PATTERNSCOPE_TF_BACKEND=cpu forces the pure-JS backend.
 */
export function initBackend(preferred: BackendName = (process.env.PATTERNSCOPE_TF_BACKEND as BackendName) || "wasm"): Promise<BackendName> {
  ready ??= (async () => {
    if (preferred === "wasm") {
      delegateToCpu();
      try {
        if (await tf.setBackend("wasm")) {
          await tf.ready();
          return "wasm" as const;
        }
      } catch {
        // fall through to cpu: the .wasm file could not be loaded
      }
    }
    await tf.setBackend("cpu");
    await tf.ready();
    return "cpu" as const;
  })();
  return ready;
}

/** Switches backend explicitly (benchmarks compare them in one process). */
export async function useBackend(name: BackendName): Promise<void> {
  if (name === "wasm") delegateToCpu();
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} is not available`);
  await tf.ready();
  ready = Promise.resolve(name);
}

export { tf };
