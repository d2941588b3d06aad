import { BIG_DROP_PCT } from "@/lib/chart/period-change";

/** A candle-sequence letter: green, red, doji, orange (a small drop). */
export type Letter = "G" | "R" | "D" | "O";
export type ColorBy = "candle" | "change";

/** What each letter means in each colouring: the letters stay, their meaning does not. */
export const MEANING: Record<ColorBy, Partial<Record<Letter, string>>> = {
  candle: { G: "close above open", R: "close below open", D: "close equals open (doji)" },
  change: { G: "up on the previous close", O: `a drop of up to ${BIG_DROP_PCT}%`, R: `a drop of more than ${BIG_DROP_PCT}%` },
};
const MODE_NAME = { candle: "close vs open", change: "change vs previous close" } as const;

/** The sentence shown after a switch, naming what the sequence's letters mean now and what was re-lettered. */
export function describeSwitch(letters: readonly Letter[], to: ColorBy): string {
  const used = [...new Set(letters.map((l) => (to === "candle" ? (l === "O" ? "R" : l) : l === "D" ? "O" : l)))];
  const remapped = to === "candle" ? letters.filter((l) => l === "O").length : letters.filter((l) => l === "D").length;
  const meanings = used.map((l) => `${l} = ${MEANING[to][l]}`).join(", ");
  const moved = remapped ? ` ${remapped} ${to === "candle" ? "orange became red" : "doji became orange"}.` : "";
  return `Now colouring by ${MODE_NAME[to]}${meanings ? `: ${meanings}` : ""}.${moved}`;
}
