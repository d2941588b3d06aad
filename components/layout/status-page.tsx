import Link from "next/link";
import { buttonPrimary, buttonSecondary } from "@/components/ui/button-styles";

export type StatusLink = { href: string; label: string };

/**
 * The page shown instead of the one asked for (403, 404): the HTTP code, what happened in words, and where to go
 * next (the first link is the main way on), inside the app's header and footer so nobody is stranded.
 */
export function StatusPage({ code, title, children, links, testId }: { code: number; title: string; children: React.ReactNode; links: StatusLink[]; testId?: string }) {
  return (
    <div data-testid={testId} className="mx-auto flex max-w-lg flex-col items-center rounded-xl border border-dashed border-border bg-surface px-6 py-14 text-center">
      <p className="font-mono text-sm font-semibold tracking-widest text-accent">{code}</p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight">{title}</h1>
      <div className="mt-2 space-y-2 text-sm text-muted">{children}</div>
      <div className="mt-6 flex flex-wrap justify-center gap-2">
        {links.map((l, i) => (
          <Link key={l.href} href={l.href} className={i === 0 ? buttonPrimary : buttonSecondary}>
            {l.label}
          </Link>
        ))}
      </div>
    </div>
  );
}
