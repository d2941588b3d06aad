// Accounts through the real server started by the image's entry point: a read-only API token cannot change
// anything, disabling a user stops their session and their token on the very next request, and the only admin
// cannot demote themselves (tests/integration/users-admin.test.ts covers the last-admin guard between two admins).
const { BASE_URL } = process.env;
const ADMIN = { email: "standalone-admin@patternscope.test", password: "standalone-admin-password" };
let failures = 0;
const check = (ok, what) => {
  console.log(`  ${ok ? "ok" : "FAIL"}: ${what}`);
  if (!ok) failures++;
};
const send = async (method, path, { cookie, bearer, body } = {}) => {
  const headers = { "content-type": "application/json", origin: BASE_URL };
  if (cookie) headers.cookie = cookie;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(BASE_URL + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, cookie: (response.headers.get("set-cookie") ?? "").split(";")[0] };
};

const admin = await send("POST", "/api/auth/signin", { body: ADMIN });
check(admin.status === 200, `admin signs in -> ${admin.status}`);
const email = `standalone-investor-${process.pid}@patternscope.test`;
const created = await send("POST", "/api/admin/users", { cookie: admin.cookie, body: { email, role: "investor" } });
check(created.status === 201 && typeof created.body.generatedPassword === "string", `admin adds an investor with a generated password -> ${created.status}`);
const investor = await send("POST", "/api/auth/signin", { body: { email, password: created.body.generatedPassword } });
check(investor.status === 200, `the investor signs in -> ${investor.status}`);
const token = await send("POST", "/api/account/tokens", { cookie: investor.cookie, body: { name: "standalone", scope: "read", expiresInDays: 7 } });
check(token.status === 201 && token.body.scope === "read" && !!token.body.expiresAt, `a read-only token that expires -> ${token.status} ${token.body.expiresAt}`);
const read = await send("GET", "/api/account/tokens", { bearer: token.body.token });
check(read.status === 200, `the read-only token reads -> ${read.status}`);
const write = await send("DELETE", `/api/account/tokens/${token.body.id}`, { bearer: token.body.token });
check(write.status === 403, `the read-only token cannot change state -> ${write.status} ${write.body.error?.message}`);

const disabled = await send("PATCH", `/api/admin/users/${created.body.id}`, { cookie: admin.cookie, body: { disabled: true } });
check(disabled.status === 200, `admin disables the investor -> ${disabled.status}`);
const session = await send("GET", "/api/account/tokens", { cookie: investor.cookie });
check(session.status === 401, `the disabled investor's session -> ${session.status}`);
const bearer = await send("GET", "/api/account/tokens", { bearer: token.body.token });
check(bearer.status === 401, `the disabled investor's token -> ${bearer.status}`);
const adminId = (await send("GET", "/api/admin/users", { cookie: admin.cookie })).body.users.find((u) => u.email === ADMIN.email).id;
const last = await send("PATCH", `/api/admin/users/${adminId}`, { cookie: admin.cookie, body: { role: "investor" } });
check(last.status === 409, `the only admin cannot demote their own account -> ${last.status} ${last.body.error?.message}`);

process.exit(failures ? 1 : 0);
