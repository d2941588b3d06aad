import { describe, expect, it } from "vitest";
import { buildFolderGraph, describeLoops, findFolderLoops } from "./folder-graph";

describe("lib/ folder graph", () => {
  it("has no import loop between folders", () => {
    expect(describeLoops(buildFolderGraph())).toEqual([]);
  });

  it("finds a loop when two folders import each other (the check itself can fail)", () => {
    const graph = new Map([
      ["lib/a", new Set(["lib/b"])],
      ["lib/b", new Set(["lib/c"])],
      ["lib/c", new Set(["lib/a"])],
      ["lib/d", new Set(["lib/a"])],
    ]);
    expect(findFolderLoops(graph)).toEqual([["lib/a", "lib/b", "lib/c"]]);
  });
});
