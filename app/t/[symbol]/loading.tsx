import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-5" aria-busy="true" aria-label="Loading chart">
      <Skeleton className="h-3 w-28" />
      <div className="flex items-end justify-between">
        <div className="space-y-2">
          <Skeleton className="h-7 w-24" />
          <Skeleton className="h-4 w-40" />
        </div>
        <Skeleton className="h-8 w-40" />
      </div>
      <div className="overflow-hidden rounded-xl border border-border bg-surface">
        <div className="border-b border-border px-4 py-3"><Skeleton className="h-7 w-96 max-w-full" /></div>
        <Skeleton className="m-4 h-[400px] sm:h-[500px]" />
      </div>
    </div>
  );
}
