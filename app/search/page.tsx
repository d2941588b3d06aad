import type { Metadata } from "next";
import { SearchView } from "@/components/search/search-view";
import { parseSearchUrl } from "@/lib/chart/search-url";
import { db } from "@/lib/db";
import { listTickers } from "@/lib/tickers/list-tickers";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Search patterns" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SearchPage({ searchParams }: Props) {
  const initial = parseSearchUrl(await searchParams);
  const tickers = await listTickers(db);
  return <SearchView initial={initial} tickers={tickers.map(({ symbol, first, last, count }) => ({ symbol, first, last, count }))} />;
}
