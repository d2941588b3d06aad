import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });

async function fenceErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-globals").map((m) => m.message);
}

describe("the fence around the pure cores (eslint.config.mjs)", () => {
  const crossings: [string, string][] = [
    ["React", 'import { useState } from "react";\nexport const x = useState;\n'],
    ["Next", 'import { NextResponse } from "next/server";\nexport const x = NextResponse;\n'],
    ["Prisma", 'import { PrismaClient } from "@prisma/client";\nexport const x = PrismaClient;\n'],
    ["the generated client", 'import { Prisma } from "@/lib/generated/prisma/client";\nexport const x = Prisma;\n'],
    ["pg", 'import pg from "pg";\nexport const x = pg;\n'],
    ["the app database", 'import { db } from "@/lib/db";\nexport const x = db;\n'],
    ["server-only", 'import "server-only";\nexport const x = 1;\n'],
    ["the DOM", "export const width = () => window.innerWidth + document.body.clientWidth;\n"],
  ];

  for (const file of ["lib/search/fence-fixture.ts", "ml/fence-fixture.ts", "lib/chart/fence-fixture.ts"]) {
    it.each(crossings)(`fails lint when ${file} imports %s`, async (_, code) => {
      expect((await fenceErrors(code, file)).length).toBeGreaterThan(0);
    });
  }

  it("lets the same imports through outside the cores, and lets the cores import their own kind", async () => {
    expect(await fenceErrors('import { db } from "@/lib/db";\nexport const x = db;\n', "lib/search-server/fence-fixture.ts")).toEqual([]);
    expect(await fenceErrors('import { toDayNumber } from "@/lib/search/dates";\nimport { Worker } from "node:worker_threads";\nexport const x = [toDayNumber, Worker];\n', "lib/search/fence-fixture.ts")).toEqual([]);
  });
});
