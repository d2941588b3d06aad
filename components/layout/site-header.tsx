import Link from "next/link";
import { Suspense } from "react";
import { UserMenu } from "@/components/auth/user-menu";
import { HeaderMenu } from "@/components/layout/header-menu";
import { IndexStatus } from "@/components/layout/index-status";
import { NavLinks } from "@/components/layout/nav-links";
import { ThemeToggle } from "@/components/theme/theme-toggle";

export function Logo({ className = "" }: { className?: string }) {
  return (
    <svg aria-hidden viewBox="0 0 32 32" className={className}>
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <path d="M6 21l5-6 4 4 5-8 6 7" fill="none" stroke="var(--accent-fg)" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
      <circle cx="20" cy="11" r="2.2" fill="var(--accent-fg)" />
    </svg>
  );
}

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-30 border-b border-border bg-bg/85 backdrop-blur supports-[backdrop-filter]:bg-bg/70">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2 focus:text-sm">
        Skip to content
      </a>
      <div className="relative mx-auto flex h-14 max-w-7xl items-center gap-4 px-4 sm:px-6">
        <Link href="/" className="flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight">
          <Logo className="h-7 w-7" />
          <span className="text-[15px]">Patternscope</span>
        </Link>
        <HeaderMenu>
          <div className="md:flex-1">
            <NavLinks />
          </div>
          <div className="flex flex-wrap items-center justify-between gap-3 border-t border-border pt-3 md:border-0 md:pt-0">
            <IndexStatus />
            {/* The user menu reads the session cookie; Suspense keeps the rest of the shell static. */}
            <Suspense fallback={null}>
              <UserMenu />
            </Suspense>
            <ThemeToggle />
          </div>
        </HeaderMenu>
      </div>
    </header>
  );
}
