/**
 * The files of public/ (a test keeps this list equal to the folder). Listed by name rather than by extension:
 * an extension rule made `/t/x.js` and `/api/tickers/X.JS/candles` public, tickers being free text.
 */
export const PUBLIC_FILES: readonly string[] = ["/icon.svg"];

/** Paths anyone may reach even with REQUIRE_LOGIN=true: signing in, first-run setup, health checks, assets. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/signin" ||
    pathname === "/setup" ||
    pathname.startsWith("/api/auth/") ||
    pathname === "/api/health" ||
    pathname.startsWith("/_next/") ||
    pathname === "/favicon.ico" ||
    pathname === "/robots.txt" ||
    PUBLIC_FILES.includes(pathname)
  );
}
