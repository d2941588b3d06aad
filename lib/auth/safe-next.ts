/**
 * Where to go after signing in: `next` resolved as a URL against the site's own origin, kept only when it stays on
 * that origin, and returned as a path. The URL parser is the judge because browsers use the same one: it reads
 * `/\evil.com`, `/\t/evil.com` and ` //evil.com` as `//evil.com`, which a prefix check let through. A same-origin
 * path that itself starts with `//` (from `/.//evil.com`) would be protocol-relative again when navigated to, so it
 * is refused too, and so is anything not written as a path or as a URL of this origin. Refused means `fallback`.
 */
export function safeNextPath(next: unknown, origin: string, fallback = "/"): string {
  if (typeof next !== "string" || next === "" || next.length > 2048) return fallback;
  let url: URL;
  let site: URL;
  try {
    site = new URL(origin);
    url = new URL(next, site);
  } catch {
    return fallback;
  }
  // Scheme-relative forms such as `https:evil.com` resolve onto this site only by accident of the base's scheme.
  const written = next.trimStart();
  if (!written.startsWith("/") && !written.toLowerCase().startsWith(`${site.origin}/`)) return fallback;
  if (url.origin !== site.origin || /^\/[/\\]/.test(url.pathname)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
