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
    /\.(png|svg|ico|jpg|jpeg|webp|woff2?|css|js|map|txt)$/.test(pathname)
  );
}
