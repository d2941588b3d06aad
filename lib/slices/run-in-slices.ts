/**
 * Long pure computations written as generators of steps (`yield` between pieces of work), run either in one piece
 * or in slices that let a web thread's event loop turn between them. The answer is the same either way.
 */

/** Runs the steps to their end in one piece. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps, letting the event loop turn (timers, I/O, other requests) whenever `sliceMs` has run since it last did. */
export async function runStepsInSlices<T>(steps: Generator<void, T>, sliceMs: number): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
