import type { Db } from "@/lib/db/client";
import { buildEmbeddingIndex, type CloseColumns } from "@/lib/models/build-embedding-index";
import { loadModelVersion } from "@/lib/models/load-model-version";
import type { BuildEmbeddingIndex } from "@/lib/jobs/reindex-handler";

const GROUP = 25;

/**
 * The worker's re-index step after an activation: loads the version, embeds every window of every stored daily
 * series with it (the ML helper's buildEmbeddingIndex, run per group of tickers so progress can be reported),
 * and reports the window count and time. The index that serves searches lives in the web process's memory
 * (lib/models), which rebuilds it when the active version changes; this job proves the version embeds all stored
 * data and measures the cost before that happens, and is where a persisted index would be written.
 */
export const verifyEmbeddingIndex: BuildEmbeddingIndex = async ({ db, versionId, onProgress }) => {
  const model = await loadModelVersion({ db, id: versionId });
  if (!model) throw new Error(versionId ? `Model version ${versionId} not found` : "No active model version");
  const symbols = await db.$queryRaw<{ id: number; symbol: string }[]>`
    SELECT s.id, t.symbol FROM series s JOIN ticker t ON t.id = s.ticker_id WHERE s.name = 'daily' ORDER BY t.symbol`;
  const started = performance.now();
  let windows = 0;
  let candles = 0;
  onProgress?.(0, symbols.length);
  for (let g = 0; g < symbols.length; g += GROUP) {
    const group = symbols.slice(g, g + GROUP);
    const columns = await loadCloses(db, group);
    candles += columns.fields.close.length;
    const index = buildEmbeddingIndex({ model, columns });
    windows += index.windows;
    index.embeddings.dispose();
    onProgress?.(Math.min(symbols.length, g + GROUP), symbols.length);
    await new Promise((r) => setImmediate(r));
  }
  model.model.dispose();
  return { versionId: model.id, series: symbols.length, candles, windows, ms: Math.round(performance.now() - started) };
};

async function loadCloses(db: Db, group: { id: number; symbol: string }[]): Promise<CloseColumns> {
  const ids = group.map((g) => g.id);
  const chunks = await db.$queryRaw<{ seriesId: number; rows: [string, number | null, number | null, number | null, number | null, number | null][] }[]>`
    SELECT series_id AS "seriesId", rows FROM series_chunk WHERE series_id = ANY(${ids}::int[]) ORDER BY series_id, year`;
  const bySeries = new Map<number, number[]>();
  for (const c of chunks) {
    const list = bySeries.get(c.seriesId) ?? [];
    for (const row of c.rows) list.push(row[4] ?? Number.NaN);
    bySeries.set(c.seriesId, list);
  }
  const offsets = new Int32Array(group.length + 1);
  group.forEach((g, i) => (offsets[i + 1] = offsets[i]! + (bySeries.get(g.id)?.length ?? 0)));
  const close = new Float64Array(offsets[group.length]!);
  group.forEach((g, i) => close.set(bySeries.get(g.id) ?? [], offsets[i]!));
  return { symbols: group.map((g) => g.symbol), offsets, days: new Int32Array(close.length), fields: { close } };
}
