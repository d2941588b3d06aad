"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { passwordHint, passwordProblem, type PasswordRules } from "@/components/auth/password-rules";
import { Alert } from "@/components/ui/alert";
import { buttonPrimary } from "@/components/ui/button-styles";
import { callApi } from "@/components/ui/call-api";
import { Field, type FieldErrors, Form, formText, inputClass, useFormErrors } from "@/components/ui/field";
import { safeNextPath } from "@/lib/auth/safe-next";

const FIELDS = ["setupToken", "email", "password"] as const;

/** Email + password form posting JSON to `endpoint` (sign-in or first-run setup), then going to `next`. */
export function CredentialsForm({
  endpoint,
  submitLabel,
  next = "/",
  newPassword,
  askSetupToken = false,
}: {
  endpoint: string;
  submitLabel: string;
  next?: string;
  /** Choosing a new password (setup): its rule is shown up front and checked before sending. */
  newPassword?: PasswordRules;
  /** First-run setup: also ask for the one-time token the server printed to its log. */
  askSetupToken?: boolean;
}) {
  const router = useRouter();
  const errors = useFormErrors(FIELDS);
  const [busy, setBusy] = useState(false);
  return (
    <Form
      className="space-y-4"
      onSubmit={async (form) => {
        const value = (name: string) => formText(form, name);
        const problems: FieldErrors = {};
        if (askSetupToken && !value("setupToken").trim()) problems.setupToken = "Paste the setup token from the server's log";
        if (!value("email").trim()) problems.email = "Enter your email";
        const weak = newPassword ? passwordProblem(value("password"), newPassword) : value("password") ? null : "Enter your password";
        if (weak) problems.password = weak;
        if (!errors.check(problems)) return;
        setBusy(true);
        try {
          const answer = await callApi<{ next?: string } | undefined>(endpoint, {
            method: "POST",
            json: { email: value("email"), password: value("password"), next, ...(askSetupToken ? { setupToken: value("setupToken") } : {}) },
          });
          // Only same-site paths: an attacker's ?next=/\evil.com must not turn sign-in into a redirector.
          router.push(safeNextPath(answer?.next ?? next, window.location.origin));
          router.refresh();
        } catch (e) {
          errors.fail(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      {askSetupToken && (
        <Field label="Setup token" error={errors.fields.setupToken}>
          {(p) => <input {...p} name="setupToken" autoComplete="off" spellCheck={false} placeholder="pss_…" className={`${inputClass} font-mono`} />}
        </Field>
      )}
      <Field label="Email" error={errors.fields.email}>
        {(p) => <input {...p} name="email" type="email" autoComplete="username" className={inputClass} />}
      </Field>
      <Field label="Password" hint={newPassword ? passwordHint(newPassword) : undefined} error={errors.fields.password}>
        {(p) => <input {...p} name="password" type="password" autoComplete={newPassword ? "new-password" : "current-password"} maxLength={newPassword?.maxLength} className={inputClass} />}
      </Field>
      {errors.form && <Alert tone="error">{errors.form}</Alert>}
      <button type="submit" disabled={busy} className={`${buttonPrimary} w-full`}>
        {busy ? "…" : submitLabel}
      </button>
    </Form>
  );
}
