"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonGhost, buttonPrimary, buttonSecondary } from "@/components/ui/button-styles";
import { callApi, errorMessage } from "@/components/ui/call-api";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Form, formText, inputClass, selectClass, useFormErrors } from "@/components/ui/field";
import { actionsColumn, Table } from "@/components/ui/table";
import { formatDate, formatDateTime } from "@/lib/chart/format";

type Token = { id: number; name: string; prefix: string; scope: "read" | "full"; createdAt: string; lastUsedAt: string | null; expiresAt: string | null };

/** Personal API tokens: create (shown once) with a scope and an expiry, list by prefix, revoke (confirmed). */
export function ApiTokens({ initial, nameMaxLength }: { initial: Token[]; nameMaxLength: number }) {
  const [tokens, setTokens] = useState(initial);
  const [fresh, setFresh] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const errors = useFormErrors(["name", "scope", "expiresInDays"]);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = async () => setTokens((await callApi<{ tokens: Token[] }>("/api/account/tokens")).tokens);

  return (
    <div className="space-y-4">
      <Form
        className="grid items-start gap-3 sm:grid-cols-[minmax(0,1fr)_auto_auto_auto]"
        onSubmit={async (data, formEl) => {
          const name = formText(data, "name").trim();
          setFresh(null);
          const problem = !name
            ? "Give the token a name, so you know later which script uses it"
            : name.length > nameMaxLength
              ? `At most ${nameMaxLength} characters (this one has ${name.length})`
              : null;
          if (!errors.check(problem ? { name: problem } : {})) return;
          setBusy(true);
          try {
            const body = await callApi<{ token: string }>("/api/account/tokens", {
              method: "POST",
              json: { name, scope: data.get("scope"), expiresInDays: Number(data.get("expiresInDays")) },
            });
            setFresh(body.token);
            setCopied(false);
            formEl.reset();
            await reload();
          } catch (e) {
            errors.fail(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field label="Token name" hint={`What uses it, up to ${nameMaxLength} characters.`} error={errors.fields.name}>
          {(p) => <input {...p} name="name" maxLength={nameMaxLength} placeholder="e.g. nightly script" autoComplete="off" className={inputClass} />}
        </Field>
        <Field label="Scope" error={errors.fields.scope}>
          {(p) => (
            <select {...p} name="scope" defaultValue="read" className={selectClass}>
              <option value="read">Read-only</option>
              <option value="full">Full access</option>
            </select>
          )}
        </Field>
        <Field label="Expires in" error={errors.fields.expiresInDays}>
          {(p) => (
            <select {...p} name="expiresInDays" defaultValue="90" className={selectClass}>
              <option value="7">7 days</option>
              <option value="30">30 days</option>
              <option value="90">90 days</option>
              <option value="365">1 year</option>
            </select>
          )}
        </Field>
        <div className="sm:pt-6">
          <button type="submit" disabled={busy} className={`${buttonPrimary} w-full whitespace-nowrap`}>
            Create token
          </button>
        </div>
      </Form>
      {errors.form && <Alert tone="error">{errors.form}</Alert>}
      {fresh && (
        <Alert tone="info" title="Copy this token now: it is stored hashed and will not be shown again." onDismiss={() => setFresh(null)}>
          <div className="flex flex-wrap items-center gap-2">
            <code data-testid="new-token" className="min-w-0 flex-1 break-all rounded bg-surface px-2 py-1 font-mono text-xs">
              {fresh}
            </code>
            <button
              type="button"
              className={`${buttonSecondary} h-8`}
              onClick={async () => {
                await navigator.clipboard?.writeText(fresh).then(
                  () => setCopied(true),
                  () => setCopied(false),
                );
              }}
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
          <p className="text-muted">
            Use it as <code className="font-mono text-xs">Authorization: Bearer {fresh.slice(0, 10)}…</code>
          </p>
        </Alert>
      )}
      <Table
        rows={tokens}
        rowKey={(t) => t.id}
        testId="tokens-table"
        empty="No tokens yet."
        columns={[
          { key: "name", header: "Name", cell: (t) => t.name, sortValue: (r) => r.name },
          { key: "token", header: "Token", cell: (t) => `${t.prefix}…`, className: "font-mono text-xs" },
          { key: "scope", header: "Scope", cell: (t) => (t.scope === "read" ? <Badge>read-only</Badge> : <Badge tone="accent">full</Badge>) },
          { key: "expires", header: "Expires", cell: (t) => (t.expiresAt ? formatDate(t.expiresAt) : "never"), className: "whitespace-nowrap", sortValue: (r) => r.expiresAt },
          { key: "used", header: "Last used", cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "never"), className: "whitespace-nowrap" },
          actionsColumn<Token>((t) => (
            <button
              type="button"
              className={`${buttonGhost} hover:text-down`}
              onClick={() => {
                setRevokeError(null);
                setRevoking(t);
              }}
            >
              Revoke
            </button>
          )),
        ]}
      />
      {revoking && (
        <ConfirmDialog
          title={`Revoke the token “${revoking.name}”?`}
          confirmLabel="Revoke token"
          danger
          busy={busy}
          error={revokeError}
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            setBusy(true);
            try {
              await callApi(`/api/account/tokens/${revoking.id}`, { method: "DELETE" });
              setRevoking(null);
              await reload();
            } catch (e) {
              setRevokeError(errorMessage(e));
            } finally {
              setBusy(false);
            }
          }}
        >
          <p>
            Scripts using <code className="font-mono text-xs">{revoking.prefix}…</code> get 401 from the next call on. This cannot be undone; create a new token
            instead.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
