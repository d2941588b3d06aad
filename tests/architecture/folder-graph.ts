import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

// Folder-level import graph of lib/: each lib/<room>/ (or lib/<room>.ts) is one node, an edge is any import
// (static, dynamic or type-only) from a file in one room to a file in another.

const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCE = /\.(ts|tsx)$/;

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(full).isDirectory()) return listSources(full);
    return SOURCE.test(name) ? [full] : [];
  });
}

function roomOf(file: string): string | null {
  const rel = path.relative(ROOT, file).split(path.sep);
  if (rel[0] !== "lib" || rel.length < 2) return null;
  return `lib/${rel[1].replace(SOURCE, "")}`;
}

function resolveSpecifier(from: string, specifier: string): string | null {
  if (specifier.startsWith("@/")) return path.join(ROOT, specifier.slice(2));
  if (specifier.startsWith(".")) return path.resolve(path.dirname(from), specifier);
  return null;
}

export function buildFolderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of listSources(path.join(ROOT, "lib"))) {
    const from = roomOf(file);
    if (!from) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      const target = resolveSpecifier(file, fileName);
      const to = target && roomOf(target);
      if (to && to !== from) graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** Strongly connected components with more than one room: each is a folder loop. */
export function findFolderLoops(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) loops.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return loops;
}

/** Every pair of rooms that import each other, directly or through others, as "a -> b -> a" cycles (one per loop edge). */
export function describeLoops(graph: Map<string, Set<string>>): string[] {
  return findFolderLoops(graph).map((component) => {
    const members = new Set(component);
    const edges = component.flatMap((from) => [...(graph.get(from) ?? [])].filter((to) => members.has(to)).map((to) => `${from} -> ${to}`));
    return edges.join(", ");
  });
}
