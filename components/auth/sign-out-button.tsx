"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/ui/call-api";

export function SignOutButton({ className = "" }: { className?: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={className}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        // Signing out locally matters more than the answer: go home even if the server is unreachable.
        await callApi("/api/auth/signout", { method: "POST" }).catch(() => {});
        router.push("/");
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
