/** Shared class strings so links and buttons that look alike stay alike. */
export const buttonBase =
  "inline-flex items-center justify-center gap-1.5 rounded-lg text-sm font-medium transition-colors disabled:pointer-events-none disabled:opacity-50";
export const buttonPrimary = `${buttonBase} h-9 px-3.5 bg-accent text-accent-fg hover:opacity-90`;
export const buttonSecondary = `${buttonBase} h-9 px-3.5 border border-border bg-surface text-fg hover:bg-surface-2`;
export const buttonGhost = `${buttonBase} h-8 px-2.5 text-muted hover:text-fg hover:bg-surface-2`;

/** A compact toggle chip (pressed state via aria-pressed). */
export const chip =
  "inline-flex h-8 items-center gap-1.5 rounded-md border px-2.5 text-xs font-semibold transition-colors border-border bg-surface text-muted hover:text-fg aria-pressed:border-accent/40 aria-pressed:bg-accent-soft aria-pressed:text-fg";
