import { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/db/client";

export type Row = [string, number | null, number | null, number | null, number | null, number | null];

/** Business days from `start`, a deterministic random walk; for tests that need stored candles without the importer. */
export function makeDailyRows(start: string, count: number, seed = 1): Row[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const rows: Row[] = [];
  const d = new Date(`${start}T00:00:00Z`);
  let close = 100;
  while (rows.length < count) {
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) {
      const open = close;
      close = Math.max(1, close * (1 + (rand() - 0.5) * 0.04));
      const high = Math.max(open, close) * 1.01;
      const low = Math.min(open, close) * 0.99;
      rows.push([d.toISOString().slice(0, 10), +open.toFixed(4), +high.toFixed(4), +low.toFixed(4), +close.toFixed(4), Math.round(rand() * 1e6)]);
    }
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return rows;
}

/** Stores a ticker's daily rows as yearly chunks, the layout the importer writes. */
export async function insertDailySeries(db: Db, symbol: string, rows: Row[], options: { name?: string; scalars?: Record<string, [string, number][]> } = {}) {
  const [ticker] = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO ticker (symbol, name) VALUES (${symbol}, ${options.name ?? null}) RETURNING id`;
  const closes = rows.map((r) => r[4]).filter((c): c is number => c !== null);
  const summary = { lastClose: closes.at(-1) ?? null, prevClose: closes.at(-2) ?? null, changePct: closes.length > 1 ? (closes.at(-1)! / closes.at(-2)! - 1) * 100 : null, spark: closes.slice(-90) };
  const [series] = await db.$queryRaw<{ id: number }[]>`
    INSERT INTO series (ticker_id, name, kind, first, last, count, summary)
    VALUES (${ticker.id}, 'daily', 'ohlcv', ${rows[0][0]}::date, ${rows.at(-1)![0]}::date, ${rows.length}, ${JSON.stringify(summary)}::jsonb)
    RETURNING id`;
  await insertChunks(db, series.id, rows);
  for (const [name, points] of Object.entries(options.scalars ?? {})) {
    const [scalar] = await db.$queryRaw<{ id: number }[]>`
      INSERT INTO series (ticker_id, name, kind, frequency, first, last, count)
      VALUES (${ticker.id}, ${name}, 'scalar', 'quarterly', ${points[0][0]}::date, ${points.at(-1)![0]}::date, ${points.length})
      RETURNING id`;
    await insertChunks(db, scalar.id, points);
  }
  return ticker.id;
}

async function insertChunks(db: Db, seriesId: number, rows: (Row | [string, number])[]) {
  const byYear = new Map<number, (Row | [string, number])[]>();
  for (const r of rows) {
    const year = Number(r[0].slice(0, 4));
    byYear.set(year, [...(byYear.get(year) ?? []), r]);
  }
  for (const [year, chunk] of byYear) {
    await db.$executeRaw`
      INSERT INTO series_chunk (series_id, year, first, last, count, rows)
      VALUES (${seriesId}, ${year}, ${chunk[0][0]}::date, ${chunk.at(-1)![0]}::date, ${chunk.length}, ${JSON.stringify(chunk)}::jsonb)`;
  }
}

export { Prisma };
