import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

/** Makes one ready version the active one (and no other), in one transaction. */
export async function activateModelVersion(db: Db, options: { id: number }): Promise<void> {
  const { id } = options;
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM model_version WHERE id = ${id} FOR UPDATE`;
    if (rows.length === 0) throw new AppError("not_found", `Model version ${id} does not exist`);
    if (rows[0].status !== "ready") throw new AppError("conflict", `Model version ${id} is ${rows[0].status}, not ready`);
    await tx.$executeRaw`UPDATE model_version SET is_active = false, updated_at = now() WHERE is_active AND id <> ${id}`;
    await tx.$executeRaw`UPDATE model_version SET is_active = true, updated_at = now() WHERE id = ${id}`;
  });
}
