"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { chartOrigin, type ChartOrigin } from "@/lib/chart/chart-url";

/** Which link is current: a chart belongs to Markets unless a search match or a scan hit opened it (?via=). */
const links: { href: string; label: string; match: (path: string, via: ChartOrigin | undefined) => boolean }[] = [
  { href: "/", label: "Markets", match: (p, via) => p === "/" || (p.startsWith("/t/") && !via) },
  { href: "/search", label: "Search", match: (p, via) => p.startsWith("/search") || (p.startsWith("/t/") && via === "search") },
  { href: "/scan", label: "Scan", match: (p, via) => p.startsWith("/scan") || (p.startsWith("/t/") && via === "scan") },
];

function Links({ via }: { via: ChartOrigin | undefined }) {
  const pathname = usePathname() ?? "/";
  return (
    <nav aria-label="Main" className="flex items-center gap-1 text-sm">
      {links.map((l) => {
        const active = l.match(pathname, via);
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 font-medium transition-colors ${active ? "bg-surface-2 text-fg" : "text-muted hover:text-fg"}`}
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}

function LinksWithOrigin() {
  return <Links via={chartOrigin(useSearchParams()?.get("via"))} />;
}

/** The main links; the query string is read under Suspense so pages without one still render statically. */
export function NavLinks() {
  return (
    <Suspense fallback={<Links via={undefined} />}>
      <LinksWithOrigin />
    </Suspense>
  );
}
