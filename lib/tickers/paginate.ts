/** One page of a list: 1-based page number clamped to the pages there are, and the [from, to) slice it shows. */
export type Page = { page: number; pages: number; from: number; to: number };

export function paginate({ total, page, pageSize }: { total: number; page: number; pageSize: number }): Page {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(pages, Math.max(1, Number.isFinite(page) ? Math.floor(page) : 1));
  const from = (current - 1) * pageSize;
  return { page: current, pages, from, to: Math.min(total, from + pageSize) };
}
