"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, inputClass, splitFormError, type FieldErrors } from "@/components/ui/field";

/** Names a search before it is saved on the account, with an optional webhook that hears of new matches. */
export function SaveSearchDialog({ defaultName, onSave, onClose }: { defaultName: string; onSave: (input: { name: string; webhookUrl?: string }) => Promise<void>; onClose: () => void }) {
  const [name, setName] = useState(defaultName);
  const [webhookUrl, setWebhookUrl] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    const url = webhookUrl.trim();
    const problems: FieldErrors = {};
    if (!name.trim()) problems.name = "Give the search a name";
    if (url && !/^https?:\/\//i.test(url)) problems.webhookUrl = "An http:// or https:// address";
    setErrors(problems);
    setFormError(null);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      await onSave({ name: name.trim(), ...(url ? { webhookUrl: url } : {}) });
    } catch (error) {
      const split = splitFormError(error, ["name", "webhookUrl"]);
      setErrors(split.fields);
      setFormError(split.form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog title="Save this search" confirmLabel="Save search" busy={busy} error={formError} onConfirm={() => void confirm()} onClose={onClose} testId="save-search-dialog">
      <p>It re-runs whenever new data arrives for its tickers; the list shows how many matches are new since you last looked.</p>
      <Field label="Name" error={errors.name}>
        {(p) => <input {...p} value={name} onChange={(e) => {
              setName(e.target.value);
              setErrors((e) => ({ ...e, name: "" }));
            }} maxLength={120} autoComplete="off" className={inputClass} />}
      </Field>
      <Field label="Webhook URL (optional)" hint="Receives a POST signed with a secret (shown once, after saving) each time new matches appear." error={errors.webhookUrl}>
        {(p) => <input {...p} type="url" inputMode="url" value={webhookUrl} onChange={(e) => {
              setWebhookUrl(e.target.value);
              setErrors((e) => ({ ...e, webhookUrl: "" }));
            }} placeholder="https://example.com/hooks/patternscope" autoComplete="off" className={inputClass} />}
      </Field>
    </ConfirmDialog>
  );
}
