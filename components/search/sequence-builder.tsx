"use client";

import { useState } from "react";
import { buttonGhost, chip } from "@/components/ui/button-styles";
import { MEANING, describeSwitch, type Letter } from "@/lib/chart/sequence-letters";


const NEXT: Record<"candle" | "change", Letter[]> = { candle: ["G", "R", "D"], change: ["G", "O", "R"] };
const NAMES: Record<Letter, string> = { G: "green", R: "red", D: "doji", O: "orange (small drop)" };
const COLORS: Record<Letter, string> = { G: "var(--up)", R: "var(--down)", D: "var(--muted)", O: "var(--warn)" };

function CandleGlyph({ letter }: { letter: Letter }) {
  const body = letter === "D" ? { y: 27, h: 2 } : letter === "G" ? { y: 12, h: 22 } : { y: 16, h: 22 };
  return (
    <svg viewBox="0 0 20 52" className="h-12 w-5" aria-hidden>
      <line x1="10" x2="10" y1="4" y2="48" stroke={COLORS[letter]} strokeWidth="2" />
      <rect x="3" y={body.y} width="14" height={body.h} rx="1.5" fill={COLORS[letter]} />
    </svg>
  );
}

/** Builds a candle-colour sequence: add candles, tap one to change its colour. */
export function SequenceBuilder({
  pattern,
  colorBy,
  onChange,
}: {
  pattern: string;
  colorBy: "candle" | "change";
  onChange: (pattern: string, colorBy: "candle" | "change") => void;
}) {
  const letters = pattern.split("").filter((c): c is Letter => "GRDO".includes(c));
  const [notice, setNotice] = useState<string | null>(null);
  const cycle = NEXT[colorBy];
  const set = (i: number) => {
    const next = [...letters];
    next[i] = cycle[(cycle.indexOf(next[i]) + 1) % cycle.length];
    onChange(next.join(""), colorBy);
  };
  const add = (l: Letter) => letters.length < 64 && onChange([...letters, l].join(""), colorBy);
  const setColorBy = (c: "candle" | "change") => {
    if (c === colorBy) return;
    // Letters that do not exist in the other colouring are mapped to their nearest meaning, and the switch says so.
    setNotice(describeSwitch(letters, c));
    const mapped = letters.map((l) => (c === "candle" ? (l === "O" ? "R" : l) : l === "D" ? "O" : l)).join("");
    onChange(mapped, c);
  };

  return (
    <div className="space-y-3">
      <div role="group" aria-label="Colour candles by" className="flex flex-wrap items-center gap-2 text-xs">
        <span className="text-muted">Colour by</span>
        <button type="button" aria-pressed={colorBy === "candle"} className={chip} onClick={() => setColorBy("candle")}>
          Close vs open
        </button>
        <button type="button" aria-pressed={colorBy === "change"} className={chip} onClick={() => setColorBy("change")}>
          Change vs previous close
        </button>
      </div>
      <div className="flex min-h-20 flex-wrap items-end gap-1 rounded-lg border border-border bg-bg p-3" data-testid="sequence-candles">
        {letters.length === 0 ? <p className="self-center text-sm text-muted">Add candles below</p> : null}
        {letters.map((l, i) => (
          <button key={i} type="button" onClick={() => set(i)} aria-label={`Candle ${i + 1}: ${NAMES[l]}. Activate to change colour`} className="rounded px-0.5 hover:bg-surface-2">
            <CandleGlyph letter={l} />
          </button>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-1.5">
        {cycle.map((l) => (
          <button key={l} type="button" className={chip} onClick={() => add(l)} data-testid={`add-${l}`}>
            <span className="h-2.5 w-2.5 rounded-sm" style={{ background: COLORS[l] }} aria-hidden />
            Add {NAMES[l].split(" ")[0]}
          </button>
        ))}
        <button type="button" className={buttonGhost} onClick={() => onChange(letters.slice(0, -1).join(""), colorBy)} disabled={!letters.length}>
          Remove last
        </button>
        <button type="button" className={buttonGhost} onClick={() => onChange("", colorBy)} disabled={!letters.length}>
          Clear
        </button>
        <code className="ml-auto rounded bg-surface-2 px-2 py-1 text-xs tracking-widest" data-testid="sequence-pattern">{letters.join("") || "—"}</code>
      </div>
      {notice ? (
        <p role="status" className="rounded-lg border border-warn/30 bg-warn/10 px-3 py-2 text-xs text-fg" data-testid="sequence-notice">
          {notice}
        </p>
      ) : null}
      <dl className="grid gap-x-4 gap-y-1 text-xs text-muted sm:grid-cols-3" data-testid="sequence-legend">
        {cycle.map((l) => (
          <div key={l} className="flex items-center gap-1.5">
            <dt className="flex items-center gap-1 font-semibold text-fg">
              <span className="h-2.5 w-2.5 rounded-sm" style={{ background: COLORS[l] }} aria-hidden />
              {l}
            </dt>
            <dd>{MEANING[colorBy][l]}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
