/** Growable columns a loader fills: a day and `width` values per row, NaN where a value is missing. */
export class RowColumns {
  length = 0;
  days: Int32Array;
  values: Float64Array[];
  constructor(readonly width: number, capacity = 256) {
    this.days = new Int32Array(Math.max(1, capacity));
    this.values = Array.from({ length: width }, () => new Float64Array(Math.max(1, capacity)));
  }
  /** Room for one more row; returns its position. */
  next(): number {
    if (this.length === this.days.length) {
      const cap = this.days.length * 2;
      const days = new Int32Array(cap);
      days.set(this.days);
      this.days = days;
      this.values = this.values.map((v) => {
        const w = new Float64Array(cap);
        w.set(v);
        return w;
      });
    }
    return this.length++;
  }
}

/**
 * Appends the rows of one stored chunk's binary copy (series_chunk.packed: per row, big-endian, int32 days since
 * 1970-01-01 and `out.width` float64 values, NaN where the JSON held no number) to `out`.
 */
export function appendPackedRows(packed: Uint8Array, out: RowColumns): void {
  const width = out.width;
  const rowBytes = 4 + 8 * width;
  if (packed.byteLength % rowBytes !== 0) throw new Error(`a packed chunk of ${packed.byteLength} bytes is not whole rows of ${rowBytes} bytes`);
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  for (let at = 0; at < packed.byteLength; at += rowBytes) {
    const i = out.next();
    out.days[i] = view.getInt32(at, false);
    for (let k = 0; k < width; k++) out.values[k][i] = view.getFloat64(at + 4 + 8 * k, false);
  }
}

/** The rows of `out` in date order (a stable sort: rows of one date keep the order the chunks gave them). */
export function sortedByDay(out: RowColumns): RowColumns {
  const { days, length } = out;
  let sorted = true;
  for (let i = 1; i < length && sorted; i++) sorted = days[i - 1] <= days[i];
  if (sorted) return out;
  const order = Array.from({ length }, (_, i) => i).sort((a, b) => days[a] - days[b] || a - b);
  const res = new RowColumns(out.width, length);
  for (const i of order) {
    const r = res.next();
    res.days[r] = days[i];
    for (let k = 0; k < out.width; k++) res.values[k][r] = out.values[k][i];
  }
  return res;
}
