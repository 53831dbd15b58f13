/**
 * A modal confirmation (the native <dialog>: focus kept inside, Escape cancels). The action runs
 * on Confirm; its error stays in the dialog, its success closes it and is announced by the page.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface ConfirmDialogProps {
  title: string;
  confirmLabel: string;
  children: ComponentChildren;
  /** resolves to the message to announce */
  onConfirm: () => Promise<string>;
  onDone: (message: string | undefined) => void;
  /** false while the form inside is not filled in */
  canConfirm?: boolean;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const confirm = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const message = await props.onConfirm();
      ref.current?.close();
      props.onDone(message);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} aria-labelledby="confirm-title" onClose={() => !busy && props.onDone(undefined)}>
      <form method="dialog" onSubmit={confirm}>
        <h2 id="confirm-title">{props.title}</h2>
        {props.children}
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <div class="buttons">
          <button type="submit" class="primary" disabled={busy || props.canConfirm === false}>
            {busy ? 'Working…' : props.confirmLabel}
          </button>
          <button type="button" onClick={() => ref.current?.close()} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
