import { z } from "zod";
import { getRefreshStatus } from "@/lib/admin/get-refresh-status";
import { recordAudit } from "@/lib/admin/record-audit";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { addProviderSymbol, listProviderSymbols } from "@/lib/providers/provider-symbols";
import { readJson } from "@/lib/api/read-json-body";

const bodySchema = z.object({
  symbol: z.string().trim().min(1).max(20).regex(/^[A-Za-z0-9.\-^=_]+$/, "letters, digits and . - ^ = _"),
  provider: z.enum(["yahoo", "stooq"]),
});

/** The listed symbols with each one's last result, and the refresh's last run and next scheduled one. */
export const GET = withAdmin(async () => {
  const [symbols, refresh] = await Promise.all([listProviderSymbols(db), getRefreshStatus(db)]);
  return { symbols, refresh };
});

export const POST = withAdmin(async (request, { user }) => {
  const body = bodySchema.parse(await readJson(request));
  await addProviderSymbol(db, body);
  await recordAudit(db, { user, action: "provider.add", target: body.symbol.toUpperCase(), details: { provider: body.provider } });
  return Response.json({ ok: true }, { status: 201 });
});
