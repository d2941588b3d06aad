/**
 * Static reading of a Helm chart's templates without Helm: the `{{ }}` actions of each file, the control blocks
 * they open and close, the `.Values` paths and the named templates they use. Go templates cannot be parsed as
 * YAML, so tests/helm/chart.test.ts checks these facts; tests/helm/render.test.ts renders the chart as well.
 */
import fs from "node:fs";
import path from "node:path";

export type Action = { text: string; line: number };

/** Every `{{ ... }}` action in order, with comments dropped; throws on an unclosed or stray delimiter. */
export function readActions(source: string, file: string): Action[] {
  const actions: Action[] = [];
  let index = 0;
  for (;;) {
    const open = source.indexOf("{{", index);
    const strayClose = source.indexOf("}}", index);
    if (strayClose !== -1 && (open === -1 || strayClose < open)) {
      throw new Error(`${file}:${lineOf(source, strayClose)}: "}}" without "{{"`);
    }
    if (open === -1) break;
    const close = source.indexOf("}}", open + 2);
    if (close === -1) throw new Error(`${file}:${lineOf(source, open)}: "{{" is never closed`);
    const inner = source.slice(open + 2, close);
    if (inner.includes("{{")) throw new Error(`${file}:${lineOf(source, open)}: "{{" opened inside an action`);
    const text = inner.replace(/^-\s*/, "").replace(/\s*-$/, "").trim();
    if (!text.startsWith("/*")) actions.push({ text, line: lineOf(source, open) });
    index = close + 2;
  }
  return actions;
}

function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split("\n").length;
}

const OPENERS = ["if", "with", "range", "define", "block"];

/** Checks that if/with/range/define blocks nest and close, and `else` only appears inside if/with/range. */
export function checkBlocks(actions: Action[], file: string): void {
  const stack: Action[] = [];
  for (const action of actions) {
    const word = action.text.split(/[\s(]/)[0];
    if (OPENERS.includes(word)) stack.push(action);
    else if (word === "else") {
      const top = stack.at(-1);
      if (!top || !["if", "with", "range"].includes(top.text.split(/\s/)[0])) {
        throw new Error(`${file}:${action.line}: "else" outside if/with/range`);
      }
    } else if (word === "end") {
      if (!stack.pop()) throw new Error(`${file}:${action.line}: "end" without an open block`);
    }
  }
  const open = stack.at(-1);
  if (open) throw new Error(`${file}:${open.line}: "${open.text}" is never closed with "end"`);
}

/** `.Values.a.b` and `$.Values.a.b` paths used by the actions. */
export function valuePaths(actions: Action[]): { path: string[]; line: number }[] {
  const found: { path: string[]; line: number }[] = [];
  for (const action of actions) {
    for (const match of action.text.matchAll(/(?:^|[\s($|])\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)) {
      found.push({ path: match[1].slice(1).split("."), line: action.line });
    }
  }
  return found;
}

/** Names passed to `include "..."` or `template "..."`. */
export function includedNames(actions: Action[]): { name: string; line: number }[] {
  const found: { name: string; line: number }[] = [];
  for (const action of actions) {
    for (const match of action.text.matchAll(/\b(?:include|template)\s+"([^"]+)"/g)) found.push({ name: match[1], line: action.line });
  }
  return found;
}

export function definedNames(actions: Action[]): string[] {
  return actions.flatMap((a) => [...a.text.matchAll(/^define\s+"([^"]+)"/g)].map((m) => m[1]));
}

/** Whether `values` has the key path (a key whose value is null counts as present). */
export function hasValuePath(values: unknown, keys: string[]): boolean {
  let node: unknown = values;
  for (const key of keys) {
    if (node === null || typeof node !== "object" || Array.isArray(node) || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** All files under a chart's templates/ folder, relative to the chart. */
export function templateFiles(chartDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(chartDir, full));
    }
  };
  walk(path.join(chartDir, "templates"));
  return out.sort();
}
