import { z } from "zod";
import { recordAudit } from "@/lib/admin/record-audit";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";
import { removeProviderSymbol } from "@/lib/providers/provider-symbols";

const paramsSchema = z.object({ id: z.coerce.number().int().positive() });

export const DELETE = withAdmin<{ id: string }>(async (_request, { params, user }) => {
  const { id } = paramsSchema.parse(params);
  await removeProviderSymbol(db, { id });
  await recordAudit(db, { user, action: "provider.remove", target: String(id) });
  return { ok: true };
});
