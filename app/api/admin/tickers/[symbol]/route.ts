import { z } from "zod";
import { deleteTicker } from "@/lib/admin/delete-ticker";
import { recordAudit } from "@/lib/admin/record-audit";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";

const paramsSchema = z.object({ symbol: z.string().trim().min(1).max(24).regex(/^[A-Za-z0-9.\-^=_]+$/) });
// The page asks the admin to type the symbol; the API insists on it too, so a stray DELETE cannot wipe data.
const querySchema = z.object({ confirm: z.string() });

export const DELETE = withAdmin<{ symbol: string }>(async (request, { params, user }) => {
  const { symbol } = paramsSchema.parse(params);
  const { confirm } = querySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  if (confirm.toUpperCase() !== symbol.toUpperCase()) {
    return Response.json({ error: { code: "bad_request", message: "confirm: type the symbol to delete it" } }, { status: 400 });
  }
  const deleted = await deleteTicker(db, { symbol });
  await recordAudit(db, { user, action: "ticker.delete", target: deleted.symbol, details: { rows: deleted.rows } });
  return deleted;
});
