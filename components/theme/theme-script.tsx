/**
 * Sets the theme class on <html> before the first paint: the stored choice if there is one, otherwise the
 * system preference. Inline and tiny so the page never flashes the wrong theme.
 */
const script = `(function(){try{var s=localStorage.getItem("patternscope-theme");var d=s?s==="dark":window.matchMedia("(prefers-color-scheme: dark)").matches;var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light";}catch(_){}})();`;

export function ThemeScript({ nonce }: { nonce?: string }) {
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: script }} />;
}
