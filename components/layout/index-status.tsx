"use client";

import { useEffect, useState } from "react";

type Health = { searchIndex?: { state: string; progress?: { candles: number; totalCandles: number } } };

/**
 * "Search index loading 42%" in the header while the server reads a large index (searches answer 503 until
 * then; charts work). Asks /api/health once, then every few seconds only while a load runs; shows nothing otherwise.
 */
export function IndexStatus() {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let idleChecks = 0;
    const check = async () => {
      const health = (await fetch("/api/health", { cache: "no-store" }).then((r) => r.json()).catch(() => null)) as Health | null;
      if (stopped) return;
      const index = health?.searchIndex;
      if (index?.state === "loading") {
        const p = index.progress;
        setText(`Search index loading${p && p.totalCandles > 0 ? ` ${Math.floor((100 * p.candles) / p.totalCandles)}%` : "…"}`);
        timer = setTimeout(check, 3000);
        return;
      }
      setText(null);
      // a server just started loads its index a second after it starts: look again a few times
      if (index?.state === "idle" && idleChecks++ < 3) timer = setTimeout(check, 3000);
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  if (!text) return null;
  return (
    <span role="status" className="hidden rounded-md bg-surface-2 px-2 py-1 text-xs text-muted sm:inline" title="Searches answer once the index is loaded; charts work meanwhile">
      {text}
    </span>
  );
}
