type Tone = "neutral" | "accent" | "warn";

const tones: Record<Tone, string> = {
  neutral: "border-border bg-surface-2 text-muted",
  accent: "border-transparent bg-accent-soft text-accent",
  warn: "border-transparent bg-warn/10 text-warn",
};

export function Badge({ children, tone = "neutral", title, className = "" }: { children: React.ReactNode; tone?: Tone; title?: string; className?: string }) {
  return (
    <span title={title} className={`inline-flex items-center whitespace-nowrap rounded-full border px-2 py-0.5 text-[11px] font-semibold leading-4 ${tones[tone]} ${className}`}>
      {children}
    </span>
  );
}
