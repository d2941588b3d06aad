import { z } from "zod";
import { isRealDate } from "@/lib/search/dates";

/** Ticker symbols: letters, digits and the punctuation providers use (BRK.B, ^GSPC, EURUSD=X). */
export const symbolSchema = z
  .string()
  .trim()
  .min(1, "symbol is required")
  .max(24, "symbol is too long")
  .regex(/^[A-Za-z0-9.\-^=_]+$/, "symbol may contain only letters, digits and . - ^ = _")
  .transform((s) => s.toUpperCase());

const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine(isRealDate, "is not a real calendar date");

export const dateRangeSchema = z
  .object({ from: isoDateSchema.optional(), to: isoDateSchema.optional() })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: "from must not be after to", path: ["from"] });

export const seriesNameSchema = z
  .string()
  .min(1)
  .max(64, "series name is too long")
  .regex(/^[A-Za-z0-9_.\-]+$/, "series name may contain only letters, digits and _ . -");
