import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { conv2dBackpropFilter } from "@/ml/conv-backprop-filter";

export type BackendName = "wasm" | "cpu";

/**
 * The wasm backend lacks Conv2DBackpropFilter, the gradient a conv1d layer needs to train. Two ways to supply it:
 * "fast" runs our typed-array loop (ml/conv-backprop-filter.ts) on data read from the backend; "cpu" delegates
 * to the cpu backend's own kernel (correct but slow: it reads every element through TensorBuffer.get).
 * scripts/bench-model.ts measures both. The same fast kernel can also replace the cpu backend's.
 */
export type FilterGradKernel = "fast" | "cpu";

type ConvAttrs = { strides: [number, number] | number; pad: "valid" | "same" | number; dataFormat: "NHWC" | "NCHW"; dimRoundingMode?: "floor" | "round" | "ceil"; filterShape: [number, number, number, number] };
type WritableBackend = tf.KernelBackend & {
  makeOutput?(shape: number[], dtype: tf.DataType, offset?: number, values?: tf.backend_util.BackendValues): tf.TensorInfo;
  makeTensorInfo?(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): tf.TensorInfo;
};

const fastFilterGrad = (backendName: BackendName) => ({ inputs, attrs, backend }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }): tf.TensorInfo => {
  const b = backend as WritableBackend;
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as ConvAttrs;
  if (a.dataFormat && a.dataFormat !== "NHWC") throw new Error("Conv2DBackpropFilter: only NHWC is supported");
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, "channelsLast");
  // slice(): a view into the wasm heap is invalidated when the heap grows.
  const xv = (b.readSync(x.dataId) as Float32Array).slice();
  const dyv = (b.readSync(dy.dataId) as Float32Array).slice();
  const dW = conv2dBackpropFilter(xv, dyv, {
    batchSize: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  });
  // The two backends name their "new tensor from values" methods differently.
  if (backendName === "wasm") return b.makeOutput!(info.filterShape, "float32", undefined, dW);
  return b.makeTensorInfo!(info.filterShape, "float32", dW);
};

function delegatedFilterGrad({ inputs, attrs, backend }: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }): tf.TensorInfo {
  const wasm = backend as WritableBackend;
  const cpu = tf.findBackend("cpu") as WritableBackend & { disposeIntermediateTensorInfo(info: tf.TensorInfo): void };
  const cpuKernel = tf.getKernel("Conv2DBackpropFilter", "cpu")!;
  const cpuInputs: Record<string, tf.TensorInfo> = {};
  for (const [name, info] of Object.entries(inputs)) {
    if (info) cpuInputs[name] = cpu.makeTensorInfo!(info.shape, info.dtype, (wasm.readSync(info.dataId) as Float32Array).slice());
  }
  const out = cpuKernel.kernelFunc({ inputs: cpuInputs, attrs, backend: cpu }) as tf.TensorInfo;
  const result = wasm.makeOutput!(out.shape, out.dtype, undefined, cpu.readSync(out.dataId) as Float32Array);
  for (const info of Object.values(cpuInputs)) cpu.disposeIntermediateTensorInfo(info);
  cpu.disposeIntermediateTensorInfo(out);
  return result;
}

const registered: Partial<Record<BackendName, FilterGradKernel>> = {};

/** Registers (or replaces) the Conv2DBackpropFilter kernel of `backendName`. */
export function registerFilterGrad(backendName: BackendName, kind: FilterGradKernel): void {
  if (registered[backendName] === kind) return;
  if (backendName === "cpu" && kind === "cpu" && !registered.cpu) return; // the stock kernel is in place
  if (tf.getKernel("Conv2DBackpropFilter", backendName)) tf.unregisterKernel("Conv2DBackpropFilter", backendName);
  const kernelFunc = kind === "fast" ? fastFilterGrad(backendName) : delegatedFilterGrad;
  if (backendName === "cpu" && kind === "cpu") {
    throw new Error("The stock cpu kernel cannot be restored once replaced");
  }
  tf.registerKernel({ kernelName: "Conv2DBackpropFilter", backendName, kernelFunc: kernelFunc as tf.KernelFunc });
  registered[backendName] = kind;
}

const ensureWasmTraining = () => {
  if (!registered.wasm) registerFilterGrad("wasm", "fast");
};

let ready: Promise<BackendName> | undefined;

/**
 * Selects the tfjs backend once per process. wasm is the default: with our filter-gradient kernel it trains this
 * conv1d model faster than cpu here and infers far faster (figures in scripts/bench-model.ts).
 * PATTERNSCOPE_TF_BACKEND=cpu forces the pure-JS backend.
 */
export function initBackend(preferred: BackendName = (process.env.PATTERNSCOPE_TF_BACKEND as BackendName) || "wasm"): Promise<BackendName> {
  ready ??= (async () => {
    if (preferred === "wasm") {
      ensureWasmTraining();
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
export async function switchBackend(name: BackendName): Promise<void> {
  if (name === "wasm") ensureWasmTraining();
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} is not available`);
  await tf.ready();
  ready = Promise.resolve(name);
}

export { tf };
