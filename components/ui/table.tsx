"use client";

import { Fragment, useState } from "react";

export type Column<T> = {
  key: string;
  header: React.ReactNode;
  cell: (row: T, index: number) => React.ReactNode;
  /** Makes the header a button that sorts the rows by this value (ascending first; empty values last). */
  sortValue?: (row: T) => string | number | null | undefined;
  align?: "left" | "right";
  /** Header read by screen readers only (an actions column). */
  srHeader?: boolean;
  /** Classes for the body cells (the header keeps the table's own style). */
  className?: string;
};

type Sort = { key: string; dir: "asc" | "desc" };

/** The row's buttons, right-aligned under a header only screen readers read. */
export function actionsColumn<T>(cell: (row: T) => React.ReactNode): Column<T> {
  return { key: "actions", header: "Actions", srHeader: true, align: "right", className: "whitespace-nowrap", cell };
}

const cellPad = "px-2 first:pl-0 last:pr-0";

/** Numbers by size, text by the reader's collation, empty values after both whichever the direction. */
function compareValues(a: string | number | null | undefined, b: string | number | null | undefined, dir: Sort["dir"]): number {
  const empty = (v: unknown) => v == null || v === "";
  if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1;
  const order = typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true });
  return dir === "asc" ? order : -order;
}

/**
 * The one data table: a header row, rows with a top border, an empty state, optional row numbers (1-based, in
 * the order shown) and sortable headers (aria-sort says which; not over fewer than two rows). It scrolls sideways inside its own box on a narrow
 * screen, so the page never does; `maxHeight` also scrolls it down with a sticky header.
 */
export function Table<T>({
  rows,
  columns,
  rowKey,
  empty,
  rowNumbers = false,
  initialSort,
  rowProps,
  expanded,
  maxHeight,
  minWidth = "36rem",
  rowAlign = "middle",
  label,
  testId,
  className = "",
}: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string | number;
  empty?: React.ReactNode;
  rowNumbers?: boolean;
  initialSort?: Sort;
  rowProps?: (row: T) => Record<string, string | undefined>;
  /** Extra content under a row, across every column (a detail panel); null for none. */
  expanded?: (row: T) => React.ReactNode | null;
  maxHeight?: string;
  /** Below this width the table scrolls sideways in its box instead of squeezing its columns into tall rows. */
  minWidth?: string;
  /** "top" for rows whose cells wrap to several lines (reasons, lists). */
  rowAlign?: "top" | "middle";
  label?: string;
  testId?: string;
  className?: string;
}) {
  const [sort, setSort] = useState<Sort | null>(initialSort ?? null);
  const sortColumn = sort ? columns.find((c) => c.key === sort.key && c.sortValue) : undefined;
  const shown = sort && sortColumn?.sortValue ? [...rows].sort((a, b) => compareValues(sortColumn.sortValue!(a), sortColumn.sortValue!(b), sort.dir)) : rows;
  const span = columns.length + (rowNumbers ? 1 : 0);
  const align = (c: Column<T>) => (c.align === "right" ? "text-right" : "text-left");

  // Nothing to sort or read across: the empty state alone, without headers that offer to sort it.
  if (rows.length === 0 && empty != null) {
    return (
      <div className={className} data-testid={testId} aria-label={label}>
        <p className="py-3 text-sm text-muted" data-testid={testId ? `${testId}-empty` : undefined}>
          {empty}
        </p>
      </div>
    );
  }

  return (
    <div className={`relative overflow-x-auto ${maxHeight ? "overflow-y-auto" : ""} ${className}`} style={maxHeight ? { maxHeight } : undefined}>
      <table className="w-full text-sm" style={{ minWidth }} data-testid={testId} aria-label={label}>
        <thead className={`text-xs uppercase tracking-wide text-muted ${maxHeight ? "sticky top-0 z-10 bg-surface" : ""}`}>
          <tr>
            {rowNumbers && (
              <th scope="col" className={`${cellPad} py-2 text-right font-medium`}>
                #
              </th>
            )}
            {columns.map((c) => {
              const sortable = c.sortValue && rows.length > 1;
              const active = sort?.key === c.key && sortable;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={sortable ? (active ? (sort!.dir === "asc" ? "ascending" : "descending") : "none") : undefined}
                  className={`${cellPad} py-2 font-medium ${align(c)}`}
                >
                  {c.srHeader ? (
                    <span className="sr-only">{c.header}</span>
                  ) : sortable ? (
                    <button
                      type="button"
                      className={`inline-flex items-center gap-1 uppercase tracking-wide hover:text-fg ${active ? "text-fg" : ""}`}
                      onClick={() => setSort(active && sort!.dir === "asc" ? { key: c.key, dir: "desc" } : { key: c.key, dir: "asc" })}
                    >
                      {c.header}
                      <span aria-hidden className="text-[10px]">
                        {active ? (sort!.dir === "asc" ? "▲" : "▼") : "↕"}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((row, i) => {
            const detail = expanded?.(row);
            return (
              <Fragment key={rowKey(row)}>
                <tr className={`border-t border-border ${rowAlign === "top" ? "align-top" : "align-middle"}`} {...rowProps?.(row)}>
                  {rowNumbers && <td className={`${cellPad} py-2 text-right text-xs tabular-nums text-muted`}>{i + 1}</td>}
                  {columns.map((c) => (
                    <td key={c.key} className={`${cellPad} py-2 ${align(c)} ${c.className ?? ""}`}>
                      {c.cell(row, i)}
                    </td>
                  ))}
                </tr>
                {detail != null && (
                  <tr>
                    <td colSpan={span} className="pb-4">
                      {detail}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
