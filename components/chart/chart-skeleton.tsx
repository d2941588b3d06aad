import { Skeleton } from "@/components/ui/skeleton";

export function ChartSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading chart" className="space-y-5">
      <Skeleton className="h-8 w-56" />
      <div className="overflow-hidden rounded-xl border border-border bg-surface">
        <div className="border-b border-border px-4 py-3">
          <Skeleton className="h-7 w-96 max-w-full" />
        </div>
        <Skeleton className="m-4 h-[400px] sm:h-[500px]" />
      </div>
    </div>
  );
}
