/**
 * Groups matches into clusters that can be treated as independent of one another, for the effective sample size
 * and the bootstrap:
 * 1. on one ticker, matches whose forward windows overlap the first of a run (ends less than `horizon` candles
 *    apart) are one episode: they share most of their future;
 * 2. episodes on any tickers that begin within `clusterDays` calendar days of a cluster's first episode join it:
 *    a market-wide move lifts or sinks them together.
 * Both steps are anchored at the first member rather than chained, so a dense stretch of matches splits into
 * clusters one horizon (or one week) wide instead of collapsing into a single one.
 * Clusters are numbered in date order (the block bootstrap resamples runs of neighbours).
 */
export function clusterMatches({ ticker, end, day, horizon, clusterDays }: { ticker: Int32Array; end: Int32Array; day: Int32Array; horizon: number; clusterDays: number }): { clusterOf: Int32Array; count: number } {
  const n = ticker.length;
  const byTicker = Array.from({ length: n }, (_, i) => i).sort((a, b) => ticker[a] - ticker[b] || end[a] - end[b]);
  const episodeOf = new Int32Array(n);
  const episodeDay: number[] = [];
  const episodeTicker: number[] = [];
  let anchor = -1;
  for (const i of byTicker) {
    if (anchor < 0 || ticker[i] !== ticker[anchor] || end[i] - end[anchor] >= horizon) {
      anchor = i;
      episodeDay.push(day[i]);
      episodeTicker.push(ticker[i]);
    }
    episodeOf[i] = episodeDay.length - 1;
  }
  const episodes = Array.from({ length: episodeDay.length }, (_, e) => e).sort((a, b) => episodeDay[a] - episodeDay[b] || episodeTicker[a] - episodeTicker[b]);
  const clusterOfEpisode = new Int32Array(episodes.length);
  let count = 0;
  let firstDay = 0;
  for (const e of episodes) {
    if (count === 0 || episodeDay[e] - firstDay > clusterDays) {
      firstDay = episodeDay[e];
      count++;
    }
    clusterOfEpisode[e] = count - 1;
  }
  return { clusterOf: Int32Array.from(episodeOf, (e) => clusterOfEpisode[e]), count };
}
