import { Skeleton } from "@/components/ui/skeleton";

export function TickerTableSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading tickers" className="space-y-px overflow-hidden rounded-xl border border-border bg-surface">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="flex items-center gap-6 px-4 py-4">
          <Skeleton className="h-4 w-16" />
          <Skeleton className="hidden h-4 w-48 md:block" />
          <Skeleton className="ml-auto h-4 w-20" />
          <Skeleton className="h-4 w-16" />
          <Skeleton className="hidden h-6 w-28 sm:block" />
        </div>
      ))}
    </div>
  );
}
