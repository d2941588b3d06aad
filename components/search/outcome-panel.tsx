"use client";

import { FanChart } from "@/components/search/fan-chart";
import { OutcomeHistogram } from "@/components/search/outcome-histogram";
import { hasFan } from "@/lib/chart/build-fan-option";
import { formatPercent } from "@/lib/chart/format";
import { describeVerdictView, type VerdictTone } from "@/lib/chart/outcome-verdict";
import type { OutcomeStats } from "@/lib/outcomes/types";
import type { Match } from "@/lib/search/types";

const pct = (v: number | null | undefined) => (v == null ? "–" : formatPercent(v * 100));
const share = (v: number | null | undefined) => (v == null ? "–" : `${(v * 100).toFixed(0)}%`);
const range = (ci: [number, number] | null, f = pct) => (ci ? `${f(ci[0])} to ${f(ci[1])}` : "");

const TONES: Record<VerdictTone, string> = { neutral: "bg-surface-2", up: "bg-up/10", down: "bg-down/10", warn: "bg-warn/10" };

/**
 * What followed the matches, from the outcome statistics (lib/outcomes): a verdict that accounts for overlap, the
 * period's drift and costs, a fan chart against the base rate, the base rates beside it and every horizon. A scalar
 * series (volume, say) has no statistics: its matches have no prices after them.
 */
export function OutcomePanel({ stats, horizon, matches }: { stats: OutcomeStats | null | undefined; horizon: number; matches: Match[] }) {
  const returns = matches.map((m) => m.forward.return);
  return (
    <section aria-labelledby="outcome-title" className="rounded-xl border border-border bg-surface p-4 shadow-sm" data-testid="outcome-panel">
      <h2 id="outcome-title" className="text-sm font-semibold">What came next ({horizon} trading days)</h2>
      {stats ? (
        <>
          <StatsBody stats={stats} />
          <OutcomeHistogram returns={returns} horizon={horizon} base={stats.horizons.find((h) => h.horizon === stats.horizon)?.base.period.mean ?? null} baseLabel={`the average ${horizon}-day return of the same tickers over the same period`} />
        </>
      ) : (
        <p className="mt-2 text-sm text-muted" data-testid="no-outcome-stats">This series has no prices after its matches, so there is nothing to measure. Search a price series (open, high, low or close) to see what came next.</p>
      )}
      <p className="mt-3 text-xs text-muted">Past patterns are no promise. Not investment advice.</p>
    </section>
  );
}

function StatsBody({ stats }: { stats: OutcomeStats }) {
  const view = describeVerdictView(stats);
  const asked = stats.horizons.find((h) => h.horizon === stats.horizon);
  return (
    <>
      <div className={`mt-2 rounded-lg px-3 py-2 text-sm text-fg ${TONES[view.tone]}`} data-testid="edge-verdict" data-kind={view.kind}>
        <p className="font-semibold" data-testid="verdict-headline">{view.headline}</p>
        <p className="mt-1 text-xs leading-relaxed">{view.sentence}</p>
      </div>
      <p className="mt-2 text-xs text-muted" data-testid="verdict-sample">{view.sample}</p>

      {hasFan(stats.fan) ? <FanChart fan={stats.fan} horizon={stats.horizon} /> : null}

      {asked ? (
        <dl className="mt-3 grid grid-cols-2 gap-3 text-sm" data-testid="base-rates">
          <div>
            <dt className="text-xs text-muted">Matches</dt>
            <dd className="tabular font-medium">{pct(asked.mean)} <span className="text-xs font-normal text-muted">mean · {share(asked.winRate)} up</span></dd>
          </div>
          <div>
            <dt className="text-xs text-muted">Base rate, same tickers and period</dt>
            <dd className="tabular font-medium">{pct(asked.base.period.mean)} <span className="text-xs font-normal text-muted">· {share(asked.base.period.winRate)} up</span></dd>
          </div>
          <div>
            <dt className="text-xs text-muted">Edge (95% interval)</dt>
            <dd className="tabular font-medium" data-testid="edge-value">
              {pct(asked.edge)} <span className="block text-xs font-normal text-muted">{range(asked.edgeCi95)}</span>
            </dd>
          </div>
          <div>
            <dt className="text-xs text-muted">Base rate, every window searched</dt>
            <dd className="tabular font-medium">{pct(asked.base.all.mean)} <span className="text-xs font-normal text-muted">· {share(asked.base.all.winRate)} up</span></dd>
          </div>
        </dl>
      ) : null}

      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-xs" data-testid="horizons-table">
          <caption className="sr-only">Forward returns at each horizon</caption>
          <thead className="text-muted">
            <tr>
              <th scope="col" className="py-1 text-left font-medium">Days</th>
              <th scope="col" className="py-1 text-right font-medium">Median</th>
              <th scope="col" className="py-1 text-right font-medium">Up</th>
              <th scope="col" className="py-1 text-right font-medium">Edge</th>
              <th scope="col" className="py-1 text-right font-medium" title="Independent matches: overlapping and same-week ones count once">Indep.</th>
            </tr>
          </thead>
          <tbody className="tabular divide-y divide-border">
            {stats.horizons.map((h) => (
              <tr key={h.horizon} className={h.horizon === stats.horizon ? "font-semibold" : ""}>
                <td className="py-1">{h.horizon}</td>
                <td className="py-1 text-right">{pct(h.median)}</td>
                <td className="py-1 text-right">{share(h.winRate)}</td>
                <td className="py-1 text-right" title={h.edgeCi95 ? `95% interval ${range(h.edgeCi95)}` : undefined}>{pct(h.edge)}</td>
                <td className="py-1 text-right">{h.effectiveN} of {h.n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {asked?.band.lo != null && asked.band.hi != null ? (
        <p className="mt-2 text-xs text-muted">
          {Math.round(asked.band.nominal * 100)}% of {stats.horizon}-day returns should fall between {pct(asked.band.lo)} and {pct(asked.band.hi)}
          {asked.band.coverage != null ? `; on later dates ${share(asked.band.coverage)} of ${asked.band.checked} did.` : "."}
        </p>
      ) : null}
      <ul className="mt-2 space-y-1 text-[11px] leading-snug text-muted" data-testid="verdict-caveats">
        {view.caveats.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </>
  );
}
