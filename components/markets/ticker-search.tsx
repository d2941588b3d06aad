"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";

/** Filters the list through the URL (?q=) so a filtered view can be shared; "/" focuses it from anywhere. */
export function TickerSearch({ initial }: { initial: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [value, setValue] = useState(initial);
  const [pending, startTransition] = useTransition();
  const inputRef = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key === "/" && !(target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)))) {
        e.preventDefault();
        inputRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const push = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const url = q.trim() ? `${pathname}?q=${encodeURIComponent(q.trim())}` : pathname;
      startTransition(() => router.replace(url, { scroll: false }));
    }, 180);
  };

  return (
    <form role="search" action={pathname} onSubmit={(e) => { e.preventDefault(); push(value); }} className="relative w-full sm:w-80">
      <label htmlFor="ticker-q" className="sr-only">Search tickers by symbol or name</label>
      <svg aria-hidden viewBox="0 0 20 20" className="pointer-events-none absolute left-3 top-1/2 h-4 w-4 -translate-y-1/2 text-muted" fill="none" stroke="currentColor" strokeWidth="1.8">
        <circle cx="9" cy="9" r="6" />
        <path d="M13.5 13.5L17 17" strokeLinecap="round" />
      </svg>
      <input
        ref={inputRef}
        id="ticker-q"
        name="q"
        type="search"
        autoComplete="off"
        spellCheck={false}
        placeholder="Search symbol or name"
        value={value}
        onChange={(e) => { setValue(e.target.value); push(e.target.value); }}
        className="h-10 w-full rounded-lg border border-border bg-surface pl-9 pr-10 text-sm shadow-sm outline-none transition placeholder:text-muted focus:border-accent focus-visible:outline-2 focus-visible:outline-ring"
      />
      <span className="pointer-events-none absolute right-2.5 top-1/2 -translate-y-1/2">
        {pending ? (
          <span aria-label="Filtering" className="block h-4 w-4 animate-spin rounded-full border-2 border-border border-t-accent" />
        ) : (
          <kbd className="rounded border border-border px-1.5 text-[11px] text-muted">/</kbd>
        )}
      </span>
    </form>
  );
}
