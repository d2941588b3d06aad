import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { ProviderName } from "@/lib/providers/types";

export type ProviderSymbol = {
  id: number;
  symbol: string;
  provider: ProviderName;
  enabled: boolean;
  lastRunAt: Date | null;
  lastStatus: string | null;
  lastMessage: string | null;
};

export async function listProviderSymbols(db: Db, options: { enabledOnly?: boolean } = {}): Promise<ProviderSymbol[]> {
  const rows = await db.$queryRaw<ProviderSymbol[]>`
    SELECT id, symbol, provider, enabled, last_run_at AS "lastRunAt", last_status AS "lastStatus", last_message AS "lastMessage"
    FROM provider_symbol ORDER BY symbol`;
  return options.enabledOnly ? rows.filter((r) => r.enabled) : rows;
}

export async function addProviderSymbol(db: Db, options: { symbol: string; provider: ProviderName }): Promise<void> {
  await db.$executeRaw`
    INSERT INTO provider_symbol (symbol, provider) VALUES (${options.symbol.toUpperCase()}, ${options.provider})
    ON CONFLICT (symbol) DO UPDATE SET provider = EXCLUDED.provider, enabled = true`;
}

export async function removeProviderSymbol(db: Db, options: { id: number }): Promise<void> {
  const n = await db.$executeRaw`DELETE FROM provider_symbol WHERE id = ${options.id}`;
  if (n === 0) throw new AppError("not_found", "No such symbol in the list");
}
