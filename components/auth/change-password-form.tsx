"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/ui/call-api";
import { ConfirmDialog } from "@/components/auth/confirm-dialog";
import { inputClass } from "@/components/auth/credentials-form";
import { buttonPrimary, buttonSecondary } from "@/components/ui/button-styles";

/** Change your own password: your other sessions end, this browser stays signed in with a fresh session. */
export function ChangePasswordForm({ minLength }: { minLength: number }) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="grid gap-3 sm:grid-cols-3"
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const data = new FormData(form);
        setError(null);
        setDone(false);
        if (data.get("newPassword") !== data.get("confirmPassword")) return setError("The new passwords do not match");
        setBusy(true);
        try {
          await callApi("/api/account/password", { method: "POST", json: { currentPassword: data.get("currentPassword"), newPassword: data.get("newPassword") } });
          form.reset();
          setDone(true);
        } catch (e) {
          setError((e as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label className="space-y-1 text-sm">
        <span className="font-medium">Current password</span>
        <input name="currentPassword" type="password" required autoComplete="current-password" className={inputClass} />
      </label>
      <label className="space-y-1 text-sm">
        <span className="font-medium">New password</span>
        <input name="newPassword" type="password" required minLength={minLength} maxLength={200} autoComplete="new-password" className={inputClass} />
      </label>
      <label className="space-y-1 text-sm">
        <span className="font-medium">Repeat new password</span>
        <input name="confirmPassword" type="password" required minLength={minLength} maxLength={200} autoComplete="new-password" className={inputClass} />
      </label>
      <div className="flex items-center gap-3 sm:col-span-3">
        <button type="submit" disabled={busy} className={buttonPrimary}>
          {busy ? "…" : "Change password"}
        </button>
        <span className="text-xs text-muted">At least {minLength} characters. Your other sessions are signed out.</span>
      </div>
      {error && (
        <p role="alert" className="rounded-lg bg-down/10 px-3 py-2 text-sm text-down sm:col-span-3">
          {error}
        </p>
      )}
      {done && (
        <p role="status" className="rounded-lg bg-up/10 px-3 py-2 text-sm text-up sm:col-span-3">
          Password changed. Other browsers and devices were signed out.
        </p>
      )}
    </form>
  );
}

/** Ends every session of this account, this browser's too. */
export function SignOutEverywhere({ sessions }: { sessions: number }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-muted">
          {sessions} active session{sessions === 1 ? "" : "s"} (browsers and devices signed in to this account).
        </p>
        <button type="button" className={buttonSecondary} onClick={() => setConfirming(true)}>
          Sign out everywhere
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Sign out everywhere?"
          confirmLabel="Sign out everywhere"
          danger
          busy={busy}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            setBusy(true);
            await callApi("/api/account/sessions", { method: "DELETE" }).catch(() => {});
            router.push("/signin?next=/account");
            router.refresh();
          }}
        >
          <p>Every browser and device signed in to this account is signed out, this one included. API tokens keep working: revoke them below.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
