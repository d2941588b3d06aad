import fs from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { generateToken, hashToken } from "@/lib/auth/tokens";
import { getEnv } from "@/lib/env";

const SETUP_TOKEN_PREFIX = "pss_";
const SETUP_TOKEN_TTL_DAYS = 7;

/** Where the server writes the first-run setup token (SETUP_TOKEN_FILE, default data/setup-token under the app). */
function setupTokenFile(): string {
  return path.resolve(getEnv().SETUP_TOKEN_FILE);
}

/**
 * Issues a one-time setup token while no admin exists (Metabase/GitLab style): whoever can read the server's log
 * or its data folder may create the first admin; a visitor who merely reaches /setup first may not. Each start
 * issues its own token (replicas each print theirs); only a hash is stored so any replica can check it.
 */
export async function issueSetupToken(db: Db, options: { file?: string; log?: (line: string) => void } = {}): Promise<{ token: string; file: string | null }> {
  const token = generateToken(SETUP_TOKEN_PREFIX);
  await db.$executeRaw`DELETE FROM setup_token WHERE expires_at < now()`;
  await db.$executeRaw`
    INSERT INTO setup_token (token_hash, expires_at) VALUES (${hashToken(token)}, now() + make_interval(days => ${SETUP_TOKEN_TTL_DAYS}))`;
  const file = options.file ?? setupTokenFile();
  let written: string | null = file;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
    fs.chmodSync(file, 0o600); // writeFileSync's mode applies only when it creates the file
  } catch (error) {
    written = null;
    options.log?.(`could not write the setup token to ${file} (${(error as Error).message}); it is only in this log`);
  }
  return { token, file: written };
}

export async function isValidSetupToken(db: Db, token: string): Promise<boolean> {
  if (!token.startsWith(SETUP_TOKEN_PREFIX) || token.length > 200) return false;
  const rows = await db.$queryRaw<{ ok: number }[]>`
    SELECT 1 AS ok FROM setup_token WHERE token_hash = ${hashToken(token)} AND expires_at > now()`;
  return rows.length > 0;
}

/** Setup is done: no token may create another admin, and the file on this server goes. */
export async function consumeSetupTokens(db: Db): Promise<void> {
  await db.$executeRaw`DELETE FROM setup_token`;
  fs.rmSync(setupTokenFile(), { force: true });
}
