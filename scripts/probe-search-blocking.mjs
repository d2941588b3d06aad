// `node scripts/probe-search-blocking.mjs [base]`: loopback only; runs 20 s against a running server.
// One client searching (uncached random sketches, default lengths 20..120) back to back while another reads charts: chart latency shows whether searches block the event loop.
const base = process.argv[2] ?? "http://127.0.0.1:3000";
if (!["127.0.0.1", "localhost", "[::1]"].includes(new URL(base).hostname)) {
  console.error(`refusing a non-loopback target: ${base}`);
  process.exit(2);
}
const end = Date.now() + 20000;
const symbols = (await (await fetch(`${base}/api/tickers`)).json()).map((t) => t.symbol);
const times = []; let searches = 0;
// a fresh random sketch each time, so no search is answered from the result cache
const randomSketch = () => { let y = 0; return Array.from({ length: 40 }, () => (y += Math.random() - 0.5)); };
const searcher = (async () => { while (Date.now() < end) { await (await fetch(`${base}/api/search`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "10.0.0.9" }, body: JSON.stringify({ query: { type: "sketch", points: randomSketch() }, method: "zned", topK: 20 }) })).text(); searches++; } })();
const reader = (async () => { let i = 0; while (Date.now() < end) { const t0 = performance.now(); await (await fetch(`${base}/api/tickers/${symbols[i++ % symbols.length]}/candles`)).text(); times.push(performance.now() - t0); } })();
await Promise.all([searcher, reader]);
times.sort((a, b) => a - b);
console.log(`searches=${searches} candle reads=${times.length} p50=${times[Math.floor(times.length / 2)].toFixed(1)} ms p95=${times[Math.floor(times.length * 0.95)].toFixed(1)} ms`);
