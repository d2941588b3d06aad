import "server-only";
import { createDb, type Db } from "@/lib/db/client";

const globalForDb = globalThis as unknown as { patternscopeDb?: Db };

/** The app's one database client (a globalThis singleton so dev reloads do not leak pools). */
export const db: Db = globalForDb.patternscopeDb ?? createDb();
globalForDb.patternscopeDb = db;
