"use client";

import { useState } from "react";
import { inputClass } from "@/components/auth/credentials-form";
import { Badge } from "@/components/ui/badge";
import { buttonGhost, buttonPrimary } from "@/components/ui/button-styles";
import { callApi, errorMessage } from "@/components/ui/call-api";

type Token = { id: number; name: string; prefix: string; scope: "read" | "full"; createdAt: string; lastUsedAt: string | null; expiresAt: string | null };

const selectClass = `${inputClass} pr-8`;
const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });

/** Personal API tokens: create (shown once) with a scope and an expiry, list by prefix, revoke. */
export function ApiTokens({ initial }: { initial: Token[] }) {
  const [tokens, setTokens] = useState(initial);
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = async () => setTokens((await callApi<{ tokens: Token[] }>("/api/account/tokens")).tokens);
  return (
    <div className="space-y-4">
      <form
        className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_auto_auto_auto]"
        onSubmit={async (event) => {
          event.preventDefault();
          const formEl = event.currentTarget;
          const data = new FormData(formEl);
          setError(null);
          try {
            const body = await callApi<{ token: string }>("/api/account/tokens", {
              method: "POST",
              json: { name: data.get("name"), scope: data.get("scope"), expiresInDays: Number(data.get("expiresInDays")) },
            });
            setFresh(body.token);
            formEl.reset();
            await reload();
          } catch (e) {
            setError(errorMessage(e));
          }
        }}
      >
        <input name="name" required maxLength={80} placeholder="Token name, e.g. nightly script" className={inputClass} aria-label="Token name" />
        <select name="scope" defaultValue="read" className={selectClass} aria-label="Scope">
          <option value="read">Read-only</option>
          <option value="full">Full access</option>
        </select>
        <select name="expiresInDays" defaultValue="90" className={selectClass} aria-label="Expires in">
          <option value="7">7 days</option>
          <option value="30">30 days</option>
          <option value="90">90 days</option>
          <option value="365">1 year</option>
        </select>
        <button type="submit" className={`${buttonPrimary} whitespace-nowrap`}>
          Create token
        </button>
      </form>
      {error && <p className="text-sm text-down">{error}</p>}
      {fresh && (
        <div className="rounded-lg border border-accent/40 bg-accent-soft p-3 text-sm">
          <p className="font-medium">Copy this token now: it is stored hashed and will not be shown again.</p>
          <code data-testid="new-token" className="mt-2 block break-all rounded bg-surface px-2 py-1 font-mono text-xs">
            {fresh}
          </code>
          <p className="mt-2 text-muted">
            Use it as <code className="font-mono text-xs">Authorization: Bearer {fresh.slice(0, 10)}…</code>
          </p>
        </div>
      )}
      <table className="w-full text-sm">
        <thead className="text-left text-xs uppercase tracking-wide text-muted">
          <tr>
            <th className="py-2">Name</th>
            <th>Token</th>
            <th>Scope</th>
            <th>Expires</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.length === 0 && (
            <tr>
              <td colSpan={6} className="py-3 text-muted">
                No tokens yet.
              </td>
            </tr>
          )}
          {tokens.map((t) => (
            <tr key={t.id} className="border-t border-border">
              <td className="py-2">{t.name}</td>
              <td className="font-mono text-xs">{t.prefix}…</td>
              <td>{t.scope === "read" ? <Badge>read-only</Badge> : <Badge tone="accent">full</Badge>}</td>
              <td className="whitespace-nowrap">{t.expiresAt ? day(t.expiresAt) : "never"}</td>
              <td>{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}</td>
              <td className="text-right">
                <button
                  type="button"
                  className={buttonGhost}
                  onClick={async () => {
                    try {
                      await callApi(`/api/account/tokens/${t.id}`, { method: "DELETE" });
                      await reload();
                    } catch (e) {
                      setError(errorMessage(e));
                    }
                  }}
                >
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
