import { hash, verify } from "@node-rs/argon2";

// argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): ~50-150 ms here, so a guessing
// attacker with the table pays the same per guess. @node-rs/argon2 ships prebuilt binaries in npm packages
// (no compiler needed) and Next lists it as a server external package by default.
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Hashes a password to a self-describing PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Checks a password against a stored hash; false (never throws) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the email is unknown keeps the time of a failed sign-in the same whether or not the
// account exists, so response time does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("patternscope-dummy-password");
  await verifyPassword(await dummyHash, password);
  return false;
}
