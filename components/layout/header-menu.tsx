"use client";

import { usePathname } from "next/navigation";
import { useId, useState } from "react";

/**
 * The header's links and account controls: inline from md up, behind a Menu button on a phone (where they would
 * not fit). The menu closes on navigation because it stays open only for the page it was opened on.
 */
export function HeaderMenu({ children }: { children: React.ReactNode }) {
  const pathname = usePathname() ?? "/";
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const panelId = useId();
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpenOn(open ? null : pathname)}
        data-testid="header-menu-button"
        className="ml-auto inline-flex h-9 items-center gap-1.5 rounded-lg border border-border bg-surface px-3 text-sm font-medium text-fg hover:bg-surface-2 md:hidden"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
          {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 6h14M3 10h14M3 14h14" />}
        </svg>
        Menu
      </button>
      <div
        id={panelId}
        data-testid="header-menu"
        className={`${open ? "flex" : "hidden"} absolute inset-x-0 top-full flex-col gap-3 border-b border-border bg-bg px-4 py-3 shadow-lg md:static md:ml-2 md:flex md:flex-1 md:flex-row md:items-center md:gap-4 md:border-0 md:bg-transparent md:p-0 md:shadow-none [&_nav]:flex-wrap`}
        onClick={(e) => {
          // A tap on a link inside closes the menu at once (navigation would close it a moment later).
          if ((e.target as HTMLElement).closest("a")) setOpenOn(null);
        }}
      >
        {children}
      </div>
    </>
  );
}
