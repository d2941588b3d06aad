"use client";

import { useEffect, useId, useRef } from "react";
import { buttonBase, buttonPrimary, buttonSecondary } from "@/components/ui/button-styles";

export const buttonDanger = `${buttonBase} h-9 px-3.5 bg-down text-white hover:opacity-90`;

/**
 * A modal on the native <dialog>: showModal() makes the rest of the page inert (focus stays inside), Escape and
 * a footer submit button (Cancel) close it, and the browser returns focus to the control that opened it. Render it while it should be open
 * (or pass `open`); `onClose` runs however it closes.
 */
export function Dialog({
  title,
  children,
  footer,
  open = true,
  onClose,
  testId,
}: {
  title: React.ReactNode;
  children: React.ReactNode;
  footer?: React.ReactNode;
  open?: boolean;
  onClose: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={titleId}
      data-testid={testId}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl border border-border bg-surface p-0 text-fg shadow-xl backdrop:bg-black/50"
    >
      {open && (
        <div className="space-y-4 p-5">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <div className="space-y-3 text-sm text-muted">{children}</div>
          {footer && (
            // method="dialog": a submit button here (Cancel) closes the dialog natively, which returns the focus.
            <form method="dialog" className="flex flex-wrap justify-end gap-2 pt-1">
              {footer}
            </form>
          )}
        </div>
      )}
    </dialog>
  );
}

/**
 * Asks before an action: every destructive action goes through it, so a stray click cannot delete anything. The
 * safe choice (Cancel) has the focus when it opens; `confirmDisabled` holds the action back until, for example,
 * the user has typed the name of what they delete.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  cancelLabel = "Cancel",
  danger = false,
  busy = false,
  confirmDisabled = false,
  error,
  open = true,
  onConfirm,
  onClose,
  testId,
}: {
  title: React.ReactNode;
  children: React.ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  confirmDisabled?: boolean;
  /** Why the action failed, shown inside the dialog so it stays open for another try. */
  error?: string | null;
  open?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  testId?: string;
}) {
  const formId = useId();
  return (
    <Dialog
      title={title}
      open={open}
      onClose={onClose}
      testId={testId}
      footer={
        <>
          <button type="submit" value="cancel" className={buttonSecondary} autoFocus>
            {cancelLabel}
          </button>
          <button type="submit" form={formId} disabled={busy || confirmDisabled} className={danger ? buttonDanger : buttonPrimary}>
            {busy ? "…" : confirmLabel}
          </button>
        </>
      }
    >
      <form
        id={formId}
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy && !confirmDisabled) onConfirm();
        }}
      >
        {children}
        {error && (
          <p role="alert" className="rounded-md bg-down/10 px-3 py-2 text-down">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
