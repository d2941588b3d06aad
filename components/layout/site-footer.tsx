export function SiteFooter() {
  return (
    <footer className="mt-16 border-t border-border">
      <div className="mx-auto flex max-w-7xl flex-col gap-2 px-4 py-6 text-xs text-muted sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>Patternscope · price patterns, self-hosted. Not investment advice.</p>
        <p className="flex gap-4">
          <a className="rounded hover:text-fg" href="/docs/api">API</a>
          <a className="rounded hover:text-fg" href="/api/health">Status</a>
        </p>
      </div>
    </footer>
  );
}
