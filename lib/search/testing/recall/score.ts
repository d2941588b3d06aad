/**
 * Scoring the recall suite: every query of a data set asked with topK = R (its plant count), recall = plants
 * found by the first R matches (same symbol, date IoU >= 0.5, as planted.mjs scores), per query, then per family
 * (mean over queries and seeds) and the macro mean over families. The engine behind `search` is the in-process
 * one, the model search, or a running server over HTTP: the request body is the same.
 */
import fs from "node:fs";
import path from "node:path";
import { fromDayNumber } from "@/lib/search/dates";
import { dateIou, plantsFound } from "@/lib/search/testing/planted";
import type { BenchQuery, RecallDataset } from "@/lib/search/testing/recall/families";
import { MAX_TOP_K, type SearchRequest } from "@/lib/search/request-schema";

export type MatchLike = { symbol: string; start: string; end: string };
export type SearchFn = (body: SearchRequest) => Promise<MatchLike[]>;

export type QueryScore = { family: string; seed: number; method: string; id: string; R: number; hits: number; recall: number; ms: number };

/** The POST /api/search body of one query (the symbols keep a shared database's other data sets out). */
export function requestBody(q: BenchQuery, method: string, symbols: string[]): SearchRequest {
  return {
    query: q.query,
    method: method as SearchRequest["method"],
    topK: q.plants.length,
    ...(q.minLength !== undefined ? { minLength: q.minLength } : {}),
    ...(q.maxLength !== undefined ? { maxLength: q.maxLength } : {}),
    symbols,
  };
}

/**
 * Scores every query of a data set. depth > 1 (a diagnostic, not the benchmark's figure) asks for depth x R
 * matches and counts the plants found anywhere among them: what a better re-ranking of a deeper list could reach;
 * `anywhere` alone counts them so among however many matches the search answers (bench:recall --pool).
 */
export async function scoreDataset(dataset: Pick<RecallDataset, "family" | "seed" | "symbols" | "queries">, method: string, search: SearchFn, depth = 1, anywhere = depth > 1): Promise<QueryScore[]> {
  const out: QueryScore[] = [];
  for (const q of dataset.queries) {
    if (!q.plants.length) continue;
    const t0 = performance.now();
    const body = requestBody(q, method, dataset.symbols);
    const matches = await search(depth === 1 ? body : { ...body, topK: Math.min(MAX_TOP_K, q.plants.length * depth) });
    const ms = performance.now() - t0;
    const hits = !anywhere ? plantsFound(matches, q.plants).size : q.plants.filter((p) => matches.some((m) => m.symbol === p.symbol && dateIou(m.start, m.end, p.start, p.end) >= 0.5)).length;
    out.push({ family: dataset.family, seed: dataset.seed, method, id: q.id, R: q.plants.length, hits, recall: hits / q.plants.length, ms });
  }
  return out;
}

/** POST /api/search on a running server; a non-2xx answer is an error (the benchmark must not score it as a miss). */
export function httpSearch(base: string, headers: Record<string, string> = {}): SearchFn {
  return async (body) => {
    const res = await fetch(`${base.replace(/\/$/, "")}/api/search`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST /api/search answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return ((await res.json()) as { matches?: MatchLike[] }).matches ?? [];
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Recall per family and method (mean over its queries and seeds). */
export function familyRecall(scores: QueryScore[]): Map<string, Map<string, number>> {
  const byMethod = new Map<string, Map<string, number[]>>();
  for (const s of scores) {
    const m = byMethod.get(s.method) ?? new Map<string, number[]>();
    byMethod.set(s.method, m);
    m.set(s.family, [...(m.get(s.family) ?? []), s.recall]);
  }
  return new Map([...byMethod].map(([method, fams]) => [method, new Map([...fams].map(([f, xs]) => [f, mean(xs)]))]));
}

export const macroMean = (perFamily: Map<string, number>, families?: string[]) => mean([...perFamily].filter(([f]) => !families || families.includes(f)).map(([, v]) => v));

/**
 * Leave-one-family-out: for each family, the setting with the best macro mean over the OTHER families, and the
 * left-out family's recall under it. `table` holds recall by setting, then by family.
 */
export function leaveOneFamilyOut(table: Map<string, Map<string, number>>): { family: string; chosen: string; recall: number }[] {
  const settings = [...table.keys()];
  const families = [...(table.get(settings[0])?.keys() ?? [])];
  return families.map((family) => {
    const others = families.filter((f) => f !== family);
    let chosen = settings[0], best = -Infinity;
    for (const s of settings) {
      const m = others.length ? macroMean(table.get(s)!, others) : table.get(s)!.get(family)!;
      if (m > best + 1e-12) [best, chosen] = [m, s];
    }
    return { family, chosen, recall: table.get(chosen)!.get(family)! };
  });
}

/** The data sets as one long CSV (date,open,high,low,close,volume,Name) for the product's importer, plus truth.json. */
export function writeDatasets(dir: string, datasets: RecallDataset[]): { csv: string; truth: string } {
  fs.mkdirSync(dir, { recursive: true });
  const csv = path.join(dir, "recall.csv"), truth = path.join(dir, "truth.json");
  const fd = fs.openSync(csv, "w");
  const fmt = (v: number) => (Number.isFinite(v) ? String(Number(v.toFixed(4))) : "");
  try {
    fs.writeSync(fd, "date,open,high,low,close,volume,Name\n");
    for (const d of datasets) {
      for (const t of d.tickers) {
        const lines: string[] = [];
        for (let i = 0; i < t.days.length; i++) lines.push(`${fromDayNumber(t.days[i])},${fmt(t.open[i])},${fmt(t.high[i])},${fmt(t.low[i])},${fmt(t.close[i])},${Number.isFinite(t.volume[i]) ? Math.round(t.volume[i]) : ""},${t.symbol}`);
        fs.writeSync(fd, lines.join("\n") + "\n");
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.writeFileSync(truth, JSON.stringify(datasets.map(({ family, seed, symbols, queries }) => ({ family, seed, symbols, queries })), null, 1));
  return { csv, truth };
}
