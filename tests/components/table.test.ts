import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Table, type Column } from "@/components/ui/table";

type Row = { id: number; name: string };
const columns: Column<Row>[] = [
  { key: "name", header: "Name", sortValue: (r) => r.name, cell: (r) => r.name },
  { key: "id", header: "Id", cell: (r) => String(r.id) },
];
const render = (rows: Row[], empty?: string) => renderToStaticMarkup(createElement(Table<Row>, { rows, columns, rowKey: (r) => r.id, empty, testId: "t" }));

describe("Table", () => {
  it("offers to sort a column over two or more rows", () => {
    const html = render([{ id: 1, name: "b" }, { id: 2, name: "a" }], "Nothing yet.");
    expect(html).toContain('aria-sort="none"');
    expect(html).toContain("<button");
    expect(html).not.toContain("Nothing yet.");
  });

  it("shows an empty table as its empty state alone: no headers, no sort controls", () => {
    const html = render([], "Nothing yet.");
    expect(html).toContain('data-testid="t-empty"');
    expect(html).toContain("Nothing yet.");
    expect(html).not.toContain("<th");
    expect(html).not.toContain("<button");
    expect(html).not.toContain("aria-sort");
  });

  it("keeps plain headers over a single row or an empty table without an empty text", () => {
    for (const html of [render([{ id: 1, name: "a" }]), render([])]) {
      expect(html).toContain("<th");
      expect(html).not.toContain("<button");
      expect(html).not.toContain("aria-sort");
    }
  });
});
