/** A labelled control with its error beside it (announced, and tied to the control by aria-describedby). */
export const inputClass = "h-9 w-full min-w-0 rounded-lg border border-border bg-surface px-3 text-sm outline-none transition placeholder:text-muted focus:border-accent aria-invalid:border-down";
export const labelClass = "mb-1 block text-xs font-medium text-muted";

export function FieldError({ id, message }: { id: string; message?: string | null }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-xs text-down" data-testid={`field-error-${id.replace(/-error$/, "")}`}>
      {message}
    </p>
  );
}

/** Props for the control inside a field that may carry an error. */
export const invalidProps = (id: string, message?: string | null) => (message ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {});

export function FormField({ id, label, error, className = "", children }: { id: string; label: string; error?: string | null; className?: string; children: React.ReactNode }) {
  return (
    <div className={`min-w-0 ${className}`}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
