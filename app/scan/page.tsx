import type { Metadata } from "next";
import { ScanView, type ScanParams } from "@/components/scan/scan-view";
import { SCAN_PATTERNS } from "@/lib/model/scan-request-schema";
import { readParam } from "@/lib/chart/url-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Scan patterns" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Reads a shared scan link leniently: anything invalid falls back to the default (the API validates strictly). */
export default async function ScanPage({ searchParams }: Props) {
  const sp = await searchParams;
  const pattern = readParam(sp, "pattern");
  const lookback = Number(readParam(sp, "lookback"));
  const minProbability = Number(readParam(sp, "minProbability"));
  const limit = Number(readParam(sp, "limit"));
  const initial: ScanParams = {
    pattern: pattern && (SCAN_PATTERNS as string[]).includes(pattern) ? pattern : "double-bottom",
    lookback: Number.isInteger(lookback) && lookback >= 20 && lookback <= 250 ? lookback : 60,
    minProbability: Number.isFinite(minProbability) && minProbability >= 0 && minProbability <= 1 ? minProbability : 0.8,
    ...(Number.isInteger(limit) && limit >= 1 && limit <= 1000 ? { limit } : {}),
  };
  return <ScanView initial={initial} />;
}
