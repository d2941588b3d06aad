import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// One database calling convention in lib/: a domain function takes the client first, `fn(db, options)`; none
// takes it inside an options object, and only the HTTP edge (route wrappers, the current user of a page) reaches
// for the process's client in `lib/db.ts`.

const ROOT = path.resolve(import.meta.dirname, "../..");
const SINGLETON_USERS = ["lib/api/with-auth.ts", "lib/api/with-handler.ts", "lib/auth/current-user.ts"];

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(full).isDirectory()) return listSources(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Parameters that carry `db` inside an object (`{ db, ... }` or `options: { db: Db; ... }`), as "file:line name". */
function findDbInOptions(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isParameter(node)) {
      const inBinding = ts.isObjectBindingPattern(node.name) && node.name.elements.some((e) => (e.propertyName ?? e.name).getText(source) === "db");
      const inType = !!node.type && ts.isTypeLiteralNode(node.type) && node.type.members.some((m) => m.name?.getText(source) === "db");
      if (inBinding || inType) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1} ${node.name.getText(source).slice(0, 40)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Imports (static or dynamic) of the process's client `@/lib/db`. */
function importsSingleton(text: string): boolean {
  return /from\s+["']@\/lib\/db["']|import\(\s*["']@\/lib\/db["']\s*\)/.test(text);
}

describe("the database calling convention in lib/", () => {
  const files = listSources(path.join(ROOT, "lib")).map((full) => ({ rel: path.relative(ROOT, full), text: readFileSync(full, "utf8") }));

  it("passes the client first, never inside an options object", () => {
    expect(files.flatMap((f) => findDbInOptions(f.rel, f.text))).toEqual([]);
  });

  it("leaves the process's client to the HTTP edge", () => {
    expect(files.filter((f) => importsSingleton(f.text)).map((f) => f.rel)).toEqual(SINGLETON_USERS);
  });

  it("catches both shapes of the old convention and a singleton import (the checks themselves can fail)", () => {
    const old = 'import { db } from "@/lib/db";\nexport async function a({ db, id }: { db: Db; id: number }) {}\nexport function b(options: { db: Db }) {}\nconst c = async ({ db: client }: { db: Db }) => client;';
    expect(findDbInOptions("x.ts", old)).toEqual(["x.ts:2 { db, id }", "x.ts:3 options", "x.ts:4 { db: client }"]);
    expect(findDbInOptions("y.ts", "export function a(db: Db, options: { id: number }) {}")).toEqual([]);
    expect(importsSingleton(old)).toBe(true);
    expect(importsSingleton('const { db } = await import("@/lib/db");')).toBe(true);
    expect(importsSingleton('import type { Db } from "@/lib/db/client";')).toBe(false);
  });
});
