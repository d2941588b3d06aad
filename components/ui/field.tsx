"use client";

import { useCallback, useId, useMemo, useState } from "react";
import { ApiError } from "@/components/ui/call-api";

/** Text inputs and selects look alike everywhere; an invalid one (aria-invalid) turns red. */
export const inputClass =
  "h-9 w-full rounded-lg border border-border bg-surface px-3 text-sm text-fg outline-none placeholder:text-muted focus:border-accent focus:ring-2 focus:ring-ring/40 aria-invalid:border-down aria-invalid:focus:ring-down/30";
export const selectClass = `${inputClass} pr-8`;

/** What Field hands its control so the label, the hint and the error are announced with it. */
export type FieldControlProps = { id: string; "aria-describedby"?: string; "aria-invalid"?: true };

/** An error under a control (or under a whole input area that is no single control), tied to it by its id. */
export function FieldError({ id, message }: { id: string; message?: string | null }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="text-xs font-medium text-down" data-testid={`field-error-${id.replace(/-error$/, "")}`}>
      {message}
    </p>
  );
}

/**
 * A labelled form control with an optional hint (the rule, said up front) and a field-level error under it. The
 * control is a render prop: `<Field label="Email">{(p) => <input {...p} name="email" />}</Field>`, and gets the id
 * the label points at, aria-describedby naming the hint and the error, and aria-invalid while there is an error.
 * `id` fixes the control's id where a link or a test names it; `compact` is the small muted label of dense panels.
 */
export function Field({
  id: fixedId,
  label,
  hint,
  error,
  compact = false,
  className = "",
  children,
}: {
  id?: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string | null;
  compact?: boolean;
  className?: string;
  children: (control: FieldControlProps) => React.ReactNode;
}) {
  const generatedId = useId();
  const id = fixedId ?? generatedId;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className={`min-w-0 space-y-1 text-sm ${className}`}>
      <label htmlFor={id} className={compact ? "block text-xs font-medium text-muted" : "block font-medium"}>
        {label}
      </label>
      {children({ id, ...(describedBy ? { "aria-describedby": describedBy } : {}), ...(error ? { "aria-invalid": true as const } : {}) })}
      {hint && (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      )}
      <FieldError id={errorId} message={error} />
    </div>
  );
}

export type FieldErrors = Record<string, string>;

/**
 * A caught error split for a form: the message of the field it concerns when the API names one of `fields`
 * (shown under that input), else a form-level message (shown in an Alert).
 */
export function splitFormError(error: unknown, fields: readonly string[]): { fields: FieldErrors; form: string | null } {
  if (error instanceof ApiError) {
    for (const name of fields) {
      const message = error.messageFor(name);
      if (message) return { fields: { [name]: message }, form: null };
    }
  }
  return { fields: {}, form: error instanceof Error ? error.message : String(error) };
}

/** A form's text value by name ("" when absent). */
export const formText = (data: FormData, name: string): string => String(data.get(name) ?? "");

/**
 * A form's errors: per field (under the inputs) and for the whole form (an Alert). `check` shows what the
 * client found before sending and says whether to send; `fail` splits what the API answered.
 */
export function useFormErrors(names: readonly string[]) {
  const [fields, setFields] = useState<FieldErrors>({});
  const [form, setForm] = useState<string | null>(null);
  const key = names.join(",");
  const check = useCallback((problems: FieldErrors): boolean => {
    setFields(problems);
    setForm(null);
    return Object.keys(problems).length === 0;
  }, []);
  const fail = useCallback(
    (error: unknown) => {
      const split = splitFormError(error, key.split(","));
      setFields(split.fields);
      setForm(split.form);
    },
    [key],
  );
  return useMemo(() => ({ fields, form, check, fail, setFields, setForm }), [fields, form, check, fail]);
}

/**
 * A form that checks its own input (noValidate: the rules show as field errors in words, not as the browser's
 * bubbles) and hands its handler the FormData and the element.
 */
export function Form({
  onSubmit,
  className,
  children,
}: {
  onSubmit: (data: FormData, form: HTMLFormElement) => void | Promise<void>;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <form
      noValidate
      className={className}
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit(new FormData(event.currentTarget), event.currentTarget);
      }}
    >
      {children}
    </form>
  );
}
