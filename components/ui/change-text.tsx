import { formatPercent } from "@/lib/chart/format";

/** A signed percent in green or red; colour is never the only cue (the sign and an arrow carry it too). */
export function ChangeText({ value, className = "" }: { value: number | null; className?: string }) {
  if (value == null) return <span className={`text-muted ${className}`}>–</span>;
  const up = value >= 0;
  return (
    <span className={`tabular font-medium ${up ? "text-up" : "text-down"} ${className}`}>
      <span aria-hidden className="mr-0.5 text-[10px]">{up ? "▲" : "▼"}</span>
      {formatPercent(value)}
    </span>
  );
}
