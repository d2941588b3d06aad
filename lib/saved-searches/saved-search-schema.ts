import { z } from "zod";
import { searchRequestSchema } from "@/lib/search/request-schema";

/** A user may keep this many saved searches: each is re-run by the worker whenever new data touches its tickers. */
export const MAX_SAVED_SEARCHES = 50;

export const createSavedSearchSchema = z.object({
  name: z.string().trim().min(1, "a name is needed").max(120),
  /** the search, as POST /api/search takes it; the model search is not saved (its answers change with the model) */
  request: searchRequestSchema.refine((r) => r.method !== "model", { message: "the model search cannot be saved", path: ["method"] }),
  /** optional: a URL that receives a signed POST when new matches appear (lib/webhooks) */
  webhookUrl: z.string().trim().url("not a URL").max(2000).optional(),
});
export type CreateSavedSearch = z.input<typeof createSavedSearchSchema>;

export type SavedSearchMatch = { symbol: string; start: string; end: string; score: number; firstSeenAt: string };

export type SavedSearchSummary = {
  id: string;
  name: string;
  request: z.output<typeof searchRequestSchema>;
  webhookUrl: string | null;
  createdAt: string;
  lastRunAt: string | null;
  lastSeenAt: string;
  matches: number;
  /** matches that first appeared after the user last looked */
  newSinceSeen: number;
};
