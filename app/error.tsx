"use client";

import { useEffect } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonPrimary } from "@/components/ui/button-styles";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <EmptyState
      title="Something went wrong"
      icon={<svg aria-hidden viewBox="0 0 24 24" className="h-8 w-8" fill="none" stroke="currentColor" strokeWidth="1.6"><path d="M12 9v4m0 4h.01M10.3 3.9L1.8 18a2 2 0 001.7 3h17a2 2 0 001.7-3L13.7 3.9a2 2 0 00-3.4 0z" strokeLinecap="round" strokeLinejoin="round" /></svg>}
      action={<button type="button" onClick={() => retry()} className={buttonPrimary}>Try again</button>}
    >
      The data could not be loaded. If the database is starting up, try again in a moment.
    </EmptyState>
  );
}
