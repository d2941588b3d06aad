type Tone = "info" | "success" | "warning" | "error";

const tones: Record<Tone, string> = {
  info: "border-accent/40 bg-accent-soft text-fg",
  success: "border-up/30 bg-up/10 text-up",
  warning: "border-warn/30 bg-warn/10 text-warn",
  error: "border-down/30 bg-down/10 text-down",
};

/**
 * A message box in one of four tones. Errors and warnings are announced at once (role=alert); info and success
 * politely (role=status). `onDismiss` adds a close button.
 */
export function Alert({
  tone = "info",
  title,
  children,
  onDismiss,
  className = "",
  testId,
}: {
  tone?: Tone;
  title?: React.ReactNode;
  children?: React.ReactNode;
  onDismiss?: () => void;
  className?: string;
  testId?: string;
}) {
  return (
    <div
      role={tone === "error" || tone === "warning" ? "alert" : "status"}
      data-testid={testId}
      data-tone={tone}
      className={`flex items-start justify-between gap-3 rounded-lg border px-3 py-2 text-sm ${tones[tone]} ${className}`}
    >
      <div className="min-w-0 space-y-1 break-words">
        {title && <p className="font-medium">{title}</p>}
        {children}
      </div>
      {onDismiss && (
        <button type="button" onClick={onDismiss} aria-label="Dismiss" className="-mr-1 shrink-0 rounded px-1.5 text-current opacity-70 hover:opacity-100">
          ✕
        </button>
      )}
    </div>
  );
}
