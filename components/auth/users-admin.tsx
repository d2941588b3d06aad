"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { buttonGhost, buttonPrimary } from "@/components/ui/button-styles";
import { callApi } from "@/components/ui/call-api";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, type FieldErrors, Form, formText, inputClass, selectClass, splitFormError, useFormErrors } from "@/components/ui/field";
import { actionsColumn, Table } from "@/components/ui/table";
import { Section } from "@/components/ui/section";
import { passwordHint, passwordProblem, type PasswordRules } from "@/components/auth/password-rules";
import { formatDateTime } from "@/lib/chart/format";

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

type Role = UserView["role"];
type Pending = { kind: "delete" | "disable" | "reset"; user: UserView } | { kind: "role"; user: UserView; role: Role } | null;

/** What a role change does, said before it happens: the role is read on every request, sessions and tokens stay. */
const ROLE_CHANGE: Record<Role, { title: (u: UserView) => string; label: string; body: string }> = {
  admin: {
    title: (u) => `Make ${u.email} an admin?`,
    label: "Make admin",
    body: "From their next click they can add, disable and delete users, import and delete tickers, and retrain and activate the model; their full-access API tokens can call the admin API too. Their sessions and tokens stay as they are.",
  },
  investor: {
    title: (u) => `Make ${u.email} an investor?`,
    label: "Make investor",
    body: "From their next click they lose the Users, Data and Settings pages and the admin API, also through their API tokens; charts, search, scan and their saved searches stay. They stay signed in.",
  },
};

/** The two plain confirmations: what the dialog says, the call it makes, and the notice after it. */
const CONFIRMS = {
  delete: {
    title: (u: UserView) => `Delete ${u.email}?`,
    label: "Delete user",
    body: "The account, its sessions and its API tokens are removed. This cannot be undone; the audit log keeps the email.",
    call: (u: UserView) => callApi(`/api/admin/users/${u.id}`, { method: "DELETE" }),
    done: (u: UserView) => `Deleted ${u.email}.`,
  },
  disable: {
    title: (u: UserView) => `Disable ${u.email}?`,
    label: "Disable user",
    body: "They are signed out at once and their API tokens stop working. You can enable the account again later.",
    call: (u: UserView) => callApi(`/api/admin/users/${u.id}`, { method: "PATCH", json: { disabled: true } }),
    done: (u: UserView) => `Disabled ${u.email}: signed out everywhere, API tokens stopped.`,
  },
} as const;



/** The admin's Users page: add, change role, disable/enable, reset password, delete (every change is audited). */
export function UsersAdmin({ users, currentUserId, passwordRules }: { users: UserView[]; currentUserId: number; passwordRules: PasswordRules }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const addErrors = useFormErrors(["email", "password", "role"]);
  const [notice, setNotice] = useState<{ text: string; secret?: string } | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Runs an action; a failure goes to `onError` (a form's fields, a dialog) or the page's alert. */
  const run = async (action: () => Promise<void>, onError: (e: unknown) => void = (e) => setError(splitFormError(e, []).form)) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      router.refresh();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const ask = (next: Pending) => {
    setDialogError(null);
    setPending(next);
  };
  const inDialog = (e: unknown) => setDialogError(splitFormError(e, []).form);

  const admins = users.filter((u) => u.role === "admin" && !u.disabledAt).length;
  const initialHint = `${passwordHint(passwordRules)} Leave empty to generate one.`;

  return (
    <div className="space-y-6">
      <Section id="add-user" title="Add a user" description="Investors use charts, search and the API; admins also manage users, data and the model.">
        <Form
          className="grid items-start gap-3 sm:grid-cols-[minmax(0,2fr)_auto_minmax(0,1.4fr)_auto]"
          onSubmit={(data, form) => {
            const email = formText(data, "email").trim();
            const password = formText(data, "password");
            const problems: FieldErrors = {};
            if (!/^[^\s@]+@[^\s@]+$/.test(email)) problems.email = email ? "Not an email address: it needs a name, an @ and a domain" : "Enter the email the user signs in with";
            const weak = password ? passwordProblem(password, passwordRules) : null;
            if (weak) problems.password = weak;
            if (!addErrors.check(problems)) return;
            void run(
              async () => {
                const body = await callApi<{ email: string; generatedPassword?: string }>("/api/admin/users", {
                  method: "POST",
                  json: { email, role: data.get("role"), ...(password ? { password } : {}) },
                });
                form.reset();
                setNotice(
                  body.generatedPassword
                    ? { text: `Added ${body.email}. Give them this password (shown once); they can change it on their Account page.`, secret: body.generatedPassword }
                    : { text: `Added ${body.email}.` },
                );
              },
              (e) => {
                // A taken email is about the email field, though the API says it as a conflict.
                if (e instanceof Error && /email already exists/i.test(e.message)) return addErrors.check({ email: e.message });
                addErrors.fail(e);
              },
            );
          }}
        >
          <Field label="Email" error={addErrors.fields.email}>
            {(p) => <input {...p} name="email" type="email" maxLength={254} placeholder="name@example.com" autoComplete="off" className={inputClass} />}
          </Field>
          <Field label="Role">
            {(p) => (
              <select {...p} name="role" defaultValue="investor" className={selectClass}>
                <option value="investor">Investor</option>
                <option value="admin">Admin</option>
              </select>
            )}
          </Field>
          <Field label="Initial password" hint={initialHint} error={addErrors.fields.password}>
            {(p) => <input {...p} name="password" type="password" maxLength={passwordRules.maxLength} autoComplete="new-password" placeholder="Generate one" className={inputClass} />}
          </Field>
          <div className="sm:pt-6">
            <button type="submit" disabled={busy} className={`${buttonPrimary} w-full`}>
              Add user
            </button>
          </div>
        </Form>
      </Section>

      {(error ?? addErrors.form) && <Alert tone="error">{error ?? addErrors.form}</Alert>}
      {notice && (
        <Alert tone="success" onDismiss={() => setNotice(null)}>
          <p>{notice.text}</p>
          {notice.secret && (
            <code data-testid="generated-password" className="inline-block rounded bg-surface px-2 py-1 font-mono text-xs text-fg">
              {notice.secret}
            </code>
          )}
        </Alert>
      )}

      <Section
        id="all-users"
        title="Users"
        aside={
          <span className="text-xs text-muted sm:ml-auto">
            {users.length} account{users.length === 1 ? "" : "s"} · {admins} active admin{admins === 1 ? "" : "s"}
          </span>
        }
      >
        <Table
          rows={users}
          rowKey={(u) => u.id}
          testId="users-table"
          minWidth="48rem"
          rowProps={(u) => ({ "data-testid": `user-${u.email}` })}
          columns={[
            {
              key: "email",
              header: "Email",
              sortValue: (r) => r.email,
              cell: (u) => (
                <>
                  <span className="font-medium">{u.email}</span>
                  {u.id === currentUserId && (
                    <Badge tone="accent" className="ml-2">
                      you
                    </Badge>
                  )}
                  <div className="text-xs text-muted">
                    {u.sessions} session{u.sessions === 1 ? "" : "s"} · {u.tokens} API token{u.tokens === 1 ? "" : "s"}
                  </div>
                </>
              ),
            },
            {
              key: "role",
              header: "Role",
              sortValue: (r) => r.role,
              cell: (u) => (
                <select
                  aria-label={`Role of ${u.email}`}
                  value={u.role}
                  disabled={busy || u.id === currentUserId}
                  title={u.id === currentUserId ? "Another admin can change your role" : undefined}
                  className={`${selectClass} h-8 w-auto min-w-28`}
                  // The select shows the stored role until the dialog's answer: a stray pick changes nothing.
                  onChange={(event) => ask({ kind: "role", user: u, role: event.target.value as Role })}
                >
                  <option value="investor">Investor</option>
                  <option value="admin">Admin</option>
                </select>
              ),
            },
            { key: "status", header: "Status", cell: (u) => (u.disabledAt ? <Badge tone="warn">Disabled</Badge> : <Badge>Active</Badge>) },
            { key: "seen", header: "Last seen", className: "whitespace-nowrap text-muted", cell: (u) => (u.lastSeenAt ? formatDateTime(u.lastSeenAt) : "never"), sortValue: (r) => r.lastSeenAt },
            { key: "created", header: "Created", className: "whitespace-nowrap text-muted", cell: (u) => formatDateTime(u.createdAt), sortValue: (r) => r.createdAt },
            actionsColumn<UserView>((u) => {
              const self = u.id === currentUserId;
              return (
                <>
                  <button type="button" className={buttonGhost} disabled={busy} onClick={() => ask({ kind: "reset", user: u })}>
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
                    <button type="button" className={buttonGhost} disabled={busy || self} onClick={() => ask({ kind: "disable", user: u })}>
                      Disable
                    </button>
                  )}
                  <button type="button" className={`${buttonGhost} hover:text-down`} disabled={busy || self} onClick={() => ask({ kind: "delete", user: u })}>
                    Delete
                  </button>
                </>
              );
            }),
          ]}
        />
      </Section>

      {(pending?.kind === "delete" || pending?.kind === "disable") && (
        <ConfirmDialog
          title={CONFIRMS[pending.kind].title(pending.user)}
          confirmLabel={CONFIRMS[pending.kind].label}
          danger
          busy={busy}
          error={dialogError}
          onClose={() => setPending(null)}
          onConfirm={() =>
            void run(async () => {
              const confirm = CONFIRMS[pending.kind as "delete" | "disable"];
              await confirm.call(pending.user);
              setNotice({ text: confirm.done(pending.user) });
              setPending(null);
            }, inDialog)
          }
        >
          <p>{CONFIRMS[pending.kind].body}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "role" && (
        <ConfirmDialog
          title={ROLE_CHANGE[pending.role].title(pending.user)}
          confirmLabel={ROLE_CHANGE[pending.role].label}
          busy={busy}
          error={dialogError}
          testId="confirm-role"
          onClose={() => setPending(null)}
          onConfirm={() =>
            void run(async () => {
              const { user, role } = pending;
              await callApi(`/api/admin/users/${user.id}`, { method: "PATCH", json: { role } });
              setNotice({ text: `${user.email} is now ${role === "admin" ? "an admin" : "an investor"}.` });
              setPending(null);
            }, inDialog)
          }
        >
          <p>{ROLE_CHANGE[pending.role].body}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "reset" && (
        <ResetPasswordDialog
          user={pending.user}
          rules={passwordRules}
          busy={busy}
          serverError={dialogError}
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
            }, inDialog)
          }
        />
      )}
    </div>
  );
}

function ResetPasswordDialog({
  user,
  rules,
  busy,
  serverError,
  onClose,
  onReset,
}: {
  user: UserView;
  rules: PasswordRules;
  busy: boolean;
  serverError: string | null;
  onClose: () => void;
  onReset: (password: string) => void;
}) {
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <ConfirmDialog
      title={`Reset the password of ${user.email}?`}
      confirmLabel="Reset password"
      danger
      busy={busy}
      error={serverError}
      onClose={onClose}
      onConfirm={() => {
        const weak = password ? passwordProblem(password, rules) : null;
        setProblem(weak);
        if (!weak) onReset(password);
      }}
    >
      <p>Their sessions end at once. Leave the field empty to generate a password you can pass on.</p>
      <Field label="New password" hint={`${passwordHint(rules)} Leave empty to generate one.`} error={problem} className="text-fg">
        {(p) => (
          <input
            {...p}
            type="password"
            value={password}
            maxLength={rules.maxLength}
            autoComplete="new-password"
            placeholder="Generate one"
            onChange={(event) => setPassword(event.target.value)}
            className={inputClass}
          />
        )}
      </Field>
    </ConfirmDialog>
  );
}
