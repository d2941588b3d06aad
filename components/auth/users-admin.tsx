"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/ui/call-api";
import { ConfirmDialog } from "@/components/auth/confirm-dialog";
import { inputClass } from "@/components/auth/credentials-form";
import { Badge } from "@/components/ui/badge";
import { buttonGhost, buttonPrimary } from "@/components/ui/button-styles";

export type UserView = {
  id: number;
  email: string;
  role: "admin" | "investor";
  createdAt: string;
  disabledAt: string | null;
  lastSeenAt: string | null;
  sessions: number;
  tokens: number;
};

type Pending = { kind: "delete" | "disable" | "reset"; user: UserView } | null;

const card = "rounded-xl border border-border bg-surface p-5";
const th = "py-2 pr-3 font-medium";
const selectClass = `${inputClass} pr-8`;

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "never";
}

/** The admin's Users page: add, change role, disable/enable, reset password, delete (every change is audited). */
export function UsersAdmin({ users, currentUserId }: { users: UserView[]; currentUserId: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; secret?: string } | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const admins = users.filter((u) => u.role === "admin" && !u.disabledAt).length;

  return (
    <div className="space-y-6">
      <section className={card} aria-labelledby="add-user">
        <h2 id="add-user" className="font-semibold">
          Add a user
        </h2>
        <p className="mb-4 text-sm text-muted">Investors use charts, search and the API; admins also manage users, data and the model. Leave the password empty to generate one.</p>
        <form
          className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_auto_minmax(0,1.4fr)_auto]"
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            const data = new FormData(form);
            const password = String(data.get("password") ?? "");
            void run(async () => {
              const body = await callApi<{ email: string; generatedPassword?: string }>("/api/admin/users", {
                method: "POST",
                json: { email: data.get("email"), role: data.get("role"), ...(password ? { password } : {}) },
              });
              form.reset();
              setNotice(
                body.generatedPassword
                  ? { text: `Added ${body.email}. Give them this password (shown once); they can change it on their Account page.`, secret: body.generatedPassword }
                  : { text: `Added ${body.email}.` },
              );
            });
          }}
        >
          <label className="space-y-1 text-sm">
            <span className="font-medium">Email</span>
            <input name="email" type="email" required maxLength={254} placeholder="name@example.com" className={inputClass} />
          </label>
          <label className="space-y-1 text-sm">
            <span className="font-medium">Role</span>
            <select name="role" defaultValue="investor" className={selectClass}>
              <option value="investor">Investor</option>
              <option value="admin">Admin</option>
            </select>
          </label>
          <label className="space-y-1 text-sm">
            <span className="font-medium">Initial password</span>
            <input name="password" type="password" minLength={10} maxLength={200} autoComplete="new-password" placeholder="Generate one" className={inputClass} />
          </label>
          <div className="flex items-end">
            <button type="submit" disabled={busy} className={`${buttonPrimary} w-full`}>
              Add user
            </button>
          </div>
        </form>
      </section>

      {error && (
        <p role="alert" className="rounded-lg bg-down/10 px-3 py-2 text-sm text-down">
          {error}
        </p>
      )}
      {notice && (
        <div role="status" className="flex items-start justify-between gap-3 rounded-lg border border-accent/40 bg-accent-soft p-3 text-sm">
          <div>
            <p>{notice.text}</p>
            {notice.secret && (
              <code data-testid="generated-password" className="mt-2 inline-block rounded bg-surface px-2 py-1 font-mono text-xs">
                {notice.secret}
              </code>
            )}
          </div>
          <button type="button" className={buttonGhost} onClick={() => setNotice(null)} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}

      <section className={card} aria-labelledby="all-users">
        <div className="mb-3 flex items-baseline justify-between">
          <h2 id="all-users" className="font-semibold">
            Users
          </h2>
          <span className="text-xs text-muted">
            {users.length} account{users.length === 1 ? "" : "s"} · {admins} active admin{admins === 1 ? "" : "s"}
          </span>
        </div>
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="users-table">
            <thead className="text-left text-xs uppercase tracking-wide text-muted">
              <tr>
                <th className={th}>Email</th>
                <th className={th}>Role</th>
                <th className={th}>Status</th>
                <th className={th}>Last seen</th>
                <th className={th}>Created</th>
                <th className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => {
                const self = u.id === currentUserId;
                return (
                  <tr key={u.id} className="border-t border-border" data-testid={`user-${u.email}`}>
                    <td className="py-2.5 pr-3">
                      <span className="font-medium">{u.email}</span>
                      {self && (
                        <Badge tone="accent" className="ml-2">
                          you
                        </Badge>
                      )}
                      <div className="text-xs text-muted">
                        {u.sessions} session{u.sessions === 1 ? "" : "s"} · {u.tokens} API token{u.tokens === 1 ? "" : "s"}
                      </div>
                    </td>
                    <td className="pr-3">
                      <select
                        aria-label={`Role of ${u.email}`}
                        value={u.role}
                        disabled={busy || self}
                        title={self ? "Another admin can change your role" : undefined}
                        className={`${selectClass} h-8`}
                        onChange={(event) => {
                          const role = event.target.value;
                          void run(async () => {
                            await callApi(`/api/admin/users/${u.id}`, { method: "PATCH", json: { role } });
                            setNotice({ text: `${u.email} is now ${role === "admin" ? "an admin" : "an investor"}.` });
                          });
                        }}
                      >
                        <option value="investor">Investor</option>
                        <option value="admin">Admin</option>
                      </select>
                    </td>
                    <td className="pr-3">{u.disabledAt ? <Badge tone="warn">Disabled</Badge> : <Badge>Active</Badge>}</td>
                    <td className="whitespace-nowrap pr-3 text-muted">{when(u.lastSeenAt)}</td>
                    <td className="whitespace-nowrap pr-3 text-muted">{when(u.createdAt)}</td>
                    <td className="whitespace-nowrap text-right">
                      <button type="button" className={buttonGhost} disabled={busy} onClick={() => setPending({ kind: "reset", user: u })}>
                        Reset password
                      </button>
                      {u.disabledAt ? (
                        <button
                          type="button"
                          className={buttonGhost}
                          disabled={busy}
                          onClick={() =>
                            void run(async () => {
                              await callApi(`/api/admin/users/${u.id}`, { method: "PATCH", json: { disabled: false } });
                              setNotice({ text: `${u.email} can sign in again.` });
                            })
                          }
                        >
                          Enable
                        </button>
                      ) : (
                        <button type="button" className={buttonGhost} disabled={busy || self} onClick={() => setPending({ kind: "disable", user: u })}>
                          Disable
                        </button>
                      )}
                      <button
                        type="button"
                        className={`${buttonGhost} hover:text-down`}
                        disabled={busy || self}
                        onClick={() => setPending({ kind: "delete", user: u })}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      {pending?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete ${pending.user.email}?`}
          confirmLabel="Delete user"
          danger
          busy={busy}
          onClose={() => setPending(null)}
          onConfirm={() =>
            void run(async () => {
              await callApi(`/api/admin/users/${pending.user.id}`, { method: "DELETE" });
              setNotice({ text: `Deleted ${pending.user.email}.` });
              setPending(null);
            })
          }
        >
          <p>The account, its sessions and its API tokens are removed. This cannot be undone; the audit log keeps the email.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "disable" && (
        <ConfirmDialog
          title={`Disable ${pending.user.email}?`}
          confirmLabel="Disable user"
          danger
          busy={busy}
          onClose={() => setPending(null)}
          onConfirm={() =>
            void run(async () => {
              await callApi(`/api/admin/users/${pending.user.id}`, { method: "PATCH", json: { disabled: true } });
              setNotice({ text: `Disabled ${pending.user.email}: signed out everywhere, API tokens stopped.` });
              setPending(null);
            })
          }
        >
          <p>They are signed out at once and their API tokens stop working. You can enable the account again later.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "reset" && (
        <ResetPasswordDialog
          user={pending.user}
          busy={busy}
          onClose={() => setPending(null)}
          onReset={(password) =>
            void run(async () => {
              const body = await callApi<{ generatedPassword?: string }>(`/api/admin/users/${pending.user.id}/password`, {
                method: "POST",
                json: password ? { password } : {},
              });
              setNotice({
                text: `New password set for ${pending.user.email}; their sessions ended.${body.generatedPassword ? " Give them this password (shown once):" : ""}`,
                secret: body.generatedPassword,
              });
              setPending(null);
            })
          }
        />
      )}
    </div>
  );
}

function ResetPasswordDialog({ user, busy, onClose, onReset }: { user: UserView; busy: boolean; onClose: () => void; onReset: (password: string) => void }) {
  const [password, setPassword] = useState("");
  return (
    <ConfirmDialog title={`Reset the password of ${user.email}?`} confirmLabel="Reset password" danger busy={busy} onClose={onClose} onConfirm={() => onReset(password)}>
      <p>Their sessions end at once. Leave the field empty to generate a password you can pass on.</p>
      <label className="block space-y-1 text-fg">
        <span className="font-medium">New password</span>
        <input
          type="password"
          value={password}
          minLength={10}
          maxLength={200}
          autoComplete="new-password"
          placeholder="Generate one"
          onChange={(event) => setPassword(event.target.value)}
          className={inputClass}
        />
      </label>
    </ConfirmDialog>
  );
}
