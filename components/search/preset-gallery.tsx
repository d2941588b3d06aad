"use client";

import { PRESETS, samplePreset } from "@/lib/search/presets";
import { seriesPath } from "@/lib/chart/sketch";

/** Named shapes with thumbnails drawn from exactly the points the search uses. */
export function PresetGallery({ value, onSelect }: { value: string | null; onSelect: (name: string) => void }) {
  return (
    <div role="radiogroup" aria-label="Preset shapes" className="grid grid-cols-2 gap-2 sm:grid-cols-4">
      {PRESETS.map((p) => {
        const selected = value === p.name;
        return (
          <button
            key={p.name}
            type="button"
            role="radio"
            aria-checked={selected}
            onClick={() => onSelect(p.name)}
            data-preset={p.name}
            className={`group flex flex-col items-center gap-2 rounded-lg border p-3 text-xs font-medium transition-colors ${selected ? "border-accent bg-accent-soft text-fg" : "border-border bg-surface text-muted hover:border-accent/50 hover:text-fg"}`}
          >
            <svg viewBox="0 0 120 56" className="h-14 w-full" aria-hidden>
              <path d={seriesPath(samplePreset({ name: p.name, n: 48 }), 120, 56, 6)} fill="none" stroke={selected ? "var(--accent)" : "currentColor"} strokeWidth={2.2} strokeLinejoin="round" strokeLinecap="round" />
            </svg>
            {p.label}
          </button>
        );
      })}
    </div>
  );
}
