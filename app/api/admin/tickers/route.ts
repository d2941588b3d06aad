import { listTickerStats } from "@/lib/admin/list-ticker-stats";
import { withAdmin } from "@/lib/api/with-auth";
import { db } from "@/lib/db";

export const GET = withAdmin(async () => ({ tickers: await listTickerStats(db) }));
