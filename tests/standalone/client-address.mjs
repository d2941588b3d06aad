// The per-client limits key on the socket address, not on X-Forwarded-For: rotating that header (or forging the
// server's own stamp header) from one socket still runs into the search limit (SEARCH_RATE_LIMIT, 120/min) and
// the per-address sign-in limit. Each part uses its own loopback source address (127.0.0.x), so the buckets it
// fills are not the 127.0.0.1 one that the other checks use.
import http from "node:http";

const base = new URL(process.env.BASE_URL);

function send({ from, method = "POST", path, headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: base.hostname, port: base.port, localAddress: from, method, path, headers: { "content-type": "application/json", ...headers } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

const search = JSON.stringify({ query: { type: "preset", name: "double-bottom" }, topK: 5 });
const statuses = [];
for (let i = 0; i < 130; i++) {
  statuses.push(
    await send({ from: "127.0.0.2", path: "/api/search", body: search, headers: { "x-forwarded-for": `10.${i >> 8}.${i & 255}.7`, "x-patternscope-peer": `forged 10.66.0.${i & 255}` } }),
  );
}
const limited = statuses.filter((s) => s === 429).length;
const other = await send({ from: "127.0.0.3", path: "/api/search", body: search });
console.log(`  130 searches from 127.0.0.2 with rotating X-Forwarded-For: ${limited} x 429, ${statuses.filter((s) => s === 200).length} x 200; then 127.0.0.3 -> ${other}`);

const signIns = [];
for (let i = 0; i < 40; i++) {
  signIns.push(
    await send({
      from: "127.0.0.4",
      path: "/api/auth/signin",
      body: JSON.stringify({ email: `nobody${i}@example.com`, password: "wrong-password" }),
      headers: { origin: base.origin, "x-forwarded-for": `10.99.${i}.1` },
    }),
  );
}
const signInLimited = signIns.filter((s) => s === 429).length;
console.log(`  40 sign-ins (new email each) from 127.0.0.4 with rotating X-Forwarded-For: ${signInLimited} x 429, ${signIns.filter((s) => s === 401).length} x 401`);

process.exit(limited >= 10 && statuses.slice(0, 100).every((s) => s === 200) && other === 200 && signInLimited >= 1 ? 0 : 1);
