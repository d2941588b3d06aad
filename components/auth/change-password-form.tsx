"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { passwordHint, passwordProblem, type PasswordRules } from "@/components/auth/password-rules";
import { Alert } from "@/components/ui/alert";
import { buttonPrimary, buttonSecondary } from "@/components/ui/button-styles";
import { callApi } from "@/components/ui/call-api";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, type FieldErrors, Form, formText, inputClass, useFormErrors } from "@/components/ui/field";

/** Change your own password: your other sessions end, this browser stays signed in with a fresh session. */
export function ChangePasswordForm({ rules }: { rules: PasswordRules }) {
  const errors = useFormErrors(["currentPassword", "newPassword"]);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  return (
    <Form
      className="grid items-start gap-3 sm:grid-cols-3"
      onSubmit={async (data, form) => {
        const currentPassword = formText(data, "currentPassword");
        const newPassword = formText(data, "newPassword");
        const problems: FieldErrors = {};
        if (!currentPassword) problems.currentPassword = "Enter the password you signed in with";
        const weak = passwordProblem(newPassword, rules);
        if (weak) problems.newPassword = weak;
        else if (newPassword === currentPassword) problems.newPassword = "Choose a password different from the current one";
        if (!problems.newPassword && data.get("confirmPassword") !== newPassword) problems.confirmPassword = "The new passwords do not match";
        setDone(false);
        if (!errors.check(problems)) return;
        setBusy(true);
        try {
          await callApi("/api/account/password", { method: "POST", json: { currentPassword, newPassword } });
          form.reset();
          setDone(true);
        } catch (e) {
          errors.fail(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Field label="Current password" error={errors.fields.currentPassword}>
        {(p) => <input {...p} name="currentPassword" type="password" autoComplete="current-password" className={inputClass} />}
      </Field>
      <Field label="New password" hint={passwordHint(rules)} error={errors.fields.newPassword}>
        {(p) => <input {...p} name="newPassword" type="password" maxLength={rules.maxLength} autoComplete="new-password" className={inputClass} />}
      </Field>
      <Field label="Repeat new password" error={errors.fields.confirmPassword}>
        {(p) => <input {...p} name="confirmPassword" type="password" maxLength={rules.maxLength} autoComplete="new-password" className={inputClass} />}
      </Field>
      <div className="flex flex-wrap items-center gap-3 sm:col-span-3">
        <button type="submit" disabled={busy} className={buttonPrimary}>
          {busy ? "…" : "Change password"}
        </button>
      </div>
      {errors.form && (
        <Alert tone="error" className="sm:col-span-3">
          {errors.form}
        </Alert>
      )}
      {done && (
        <Alert tone="success" className="sm:col-span-3">
          Password changed. Other browsers and devices were signed out.
        </Alert>
      )}
    </Form>
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
