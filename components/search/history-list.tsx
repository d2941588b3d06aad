export type HistoryItem = { key: string; url: string; label: string; note: string; badge?: React.ReactNode; onRemove?: () => void };

/** A titled list of searches to re-open (recent, saved). */
export function HistoryList({ title, items, empty, notice }: { title: string; items: HistoryItem[]; empty: string; notice?: string | null }) {
  return (
    <section className="rounded-xl border border-border bg-surface p-4 shadow-sm" aria-label={title}>
      <h2 className="text-sm font-semibold">{title}</h2>
      {notice ? <p role="status" className="mt-1 text-xs text-muted">{notice}</p> : null}
      {items.length === 0 ? (
        <p className="mt-1 text-xs text-muted">{empty}</p>
      ) : (
        <ul className="mt-2 divide-y divide-border">
          {items.map((it) => (
            <li key={it.key} className="flex items-center gap-2 py-1.5 text-sm">
              {/* A full navigation: the page reads the URL and runs the search. */}
              <div className="min-w-0 flex-1">
                <a href={it.url} className="block truncate rounded hover:text-accent">{it.label}</a>
                {it.note ? <p className="truncate text-xs text-muted">{it.note}</p> : null}
              </div>
              {it.badge}
              {it.onRemove ? (
                <button type="button" onClick={it.onRemove} className="shrink-0 rounded px-1 text-xs text-muted hover:text-down" aria-label={`Remove ${it.label}`}>
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
