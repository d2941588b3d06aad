"use client";

import { useEffect, useRef } from "react";
import { buttonBase, buttonPrimary, buttonSecondary } from "@/components/ui/button-styles";

export const buttonDanger = `${buttonBase} h-9 px-3.5 bg-down text-white hover:opacity-90`;

/**
 * A modal confirmation on the native <dialog> (focus trap, Escape and the backdrop for free). Destructive account
 * actions go through it so a stray click cannot delete someone.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  busy = false,
  onConfirm,
  onClose,
}: {
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="confirm-title"
      className="m-auto w-full max-w-md rounded-xl border border-border bg-surface p-0 text-fg shadow-xl backdrop:bg-black/40"
    >
      <form
        method="dialog"
        className="space-y-4 p-5"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm();
        }}
      >
        <h2 id="confirm-title" className="text-base font-semibold">
          {title}
        </h2>
        <div className="space-y-3 text-sm text-muted">{children}</div>
        <div className="flex justify-end gap-2 pt-1">
          <button type="button" className={buttonSecondary} onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" disabled={busy} className={danger ? buttonDanger : buttonPrimary}>
            {busy ? "…" : confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
