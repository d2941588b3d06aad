import { toDayNumber } from "@/lib/search/dates";
import { buildIndex } from "@/lib/search/build-index";
import type { SearchIndex, TickerColumns } from "@/lib/search/types";
import type { Db } from "@/lib/db/client";

type ChunkRow = { symbol: string; name: string; kind: "ohlcv" | "scalar"; rows: string };

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : NaN);

/**
 * Reads every ticker's daily OHLCV series ('daily') and its scalar series from the yearly JSONB chunks into
 * the columnar search index. One query; chunk rows come as text and are parsed here.
 */
export async function loadSearchIndex({ db }: { db: Db }): Promise<SearchIndex> {
  const chunks = await db.$queryRaw<ChunkRow[]>`
    SELECT t.symbol, s.name, s.kind, c.rows::text AS rows
    FROM series s
    JOIN ticker t ON t.id = s.ticker_id
    JOIN series_chunk c ON c.series_id = s.id
    WHERE (s.kind = 'ohlcv' AND s.name = 'daily') OR s.kind = 'scalar'
    ORDER BY t.symbol, s.name, c.year`;
  const daily = new Map<string, unknown[][]>();
  const scalars = new Map<string, Map<string, unknown[][]>>();
  for (const c of chunks) {
    const rows = JSON.parse(c.rows) as unknown[][];
    if (c.kind === "ohlcv") {
      const list = daily.get(c.symbol);
      if (list) for (const r of rows) list.push(r);
      else daily.set(c.symbol, rows);
    } else {
      let bySeries = scalars.get(c.symbol);
      if (!bySeries) scalars.set(c.symbol, (bySeries = new Map()));
      const list = bySeries.get(c.name);
      if (list) for (const r of rows) list.push(r);
      else bySeries.set(c.name, rows);
    }
  }
  const tickers: TickerColumns[] = [];
  for (const symbol of new Set([...daily.keys(), ...scalars.keys()])) {
    const rows = (daily.get(symbol) ?? []).filter((r) => typeof r[0] === "string");
    rows.sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : (a[0] as string) > (b[0] as string) ? 1 : 0));
    const sc: NonNullable<TickerColumns["scalars"]> = {};
    for (const [name, list] of scalars.get(symbol) ?? []) {
      const ok = list.filter((r) => typeof r[0] === "string").sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1));
      sc[name] = { days: Int32Array.from(ok, (r) => toDayNumber(r[0] as string)), values: Float64Array.from(ok, (r) => num(r[1])) };
    }
    tickers.push({
      symbol,
      days: Int32Array.from(rows, (r) => toDayNumber(r[0] as string)),
      open: Float64Array.from(rows, (r) => num(r[1])),
      high: Float64Array.from(rows, (r) => num(r[2])),
      low: Float64Array.from(rows, (r) => num(r[3])),
      close: Float64Array.from(rows, (r) => num(r[4])),
      volume: Float64Array.from(rows, (r) => num(r[5])),
      scalars: sc,
    });
  }
  return buildIndex({ tickers });
}
