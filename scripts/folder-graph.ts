// Prints lib/'s folder-level import graph and its loops (tests/architecture/folder-loops.test.ts fails on any).
// Usage: npx tsx scripts/folder-graph.ts
import { buildFolderGraph, describeLoops } from "@/tests/architecture/folder-graph";

const graph = buildFolderGraph();
for (const [room, targets] of [...graph].sort(([a], [b]) => a.localeCompare(b))) console.log(`${room} -> ${[...targets].sort().join(", ") || "(nothing)"}`);
const loops = describeLoops(graph);
console.log(`\nfolder loops: ${loops.length}`);
for (const loop of loops) console.log(`  ${loop}`);
