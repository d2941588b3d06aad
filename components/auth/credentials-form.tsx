"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonPrimary } from "@/components/ui/button-styles";
import { callApi, errorMessage } from "@/components/ui/call-api";
import { safeNextPath } from "@/lib/auth/safe-next";

export const inputClass =
  "h-9 w-full rounded-lg border border-border bg-surface px-3 text-sm text-fg outline-none focus:border-accent focus:ring-2 focus:ring-ring/40";

/** Email + password form posting JSON to `endpoint` (sign-in or first-run setup), then going to `next`. */
export function CredentialsForm({
  endpoint,
  submitLabel,
  next = "/",
  minPassword,
  askSetupToken = false,
}: {
  endpoint: string;
  submitLabel: string;
  next?: string;
  minPassword?: number;
  /** First-run setup: also ask for the one-time token the server printed to its log. */
  askSetupToken?: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-4"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        setBusy(true);
        setError(null);
        try {
          const answer = await callApi<{ next?: string } | undefined>(endpoint, {
            method: "POST",
            json: { email: form.get("email"), password: form.get("password"), next, ...(askSetupToken ? { setupToken: form.get("setupToken") } : {}) },
          });
          // Only same-site paths: an attacker's ?next=/\evil.com must not turn sign-in into a redirector.
          router.push(safeNextPath(answer?.next ?? next, window.location.origin));
          router.refresh();
        } catch (e) {
          setError(errorMessage(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      {askSetupToken && (
        <label className="block space-y-1.5">
          <span className="text-sm font-medium">Setup token</span>
          <input name="setupToken" required autoComplete="off" spellCheck={false} placeholder="pss_…" className={`${inputClass} font-mono`} />
        </label>
      )}
      <label className="block space-y-1.5">
        <span className="text-sm font-medium">Email</span>
        <input name="email" type="email" autoComplete="username" required className={inputClass} />
      </label>
      <label className="block space-y-1.5">
        <span className="text-sm font-medium">Password</span>
        <input name="password" type="password" autoComplete={minPassword ? "new-password" : "current-password"} required minLength={minPassword} className={inputClass} />
      </label>
      {error && (
        <p role="alert" className="rounded-md bg-down/10 px-3 py-2 text-sm text-down">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className={`${buttonPrimary} w-full`}>
        {busy ? "…" : submitLabel}
      </button>
    </form>
  );
}
