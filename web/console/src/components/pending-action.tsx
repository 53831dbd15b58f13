/**
 * A page's confirmed action: what is waiting for confirmation (the dialog is open while it is
 * set), and the message of the last one done, announced in a live region.
 */
import { useState } from 'preact/hooks';

export interface PendingAction<T> {
  pending: T | undefined;
  /** opens the dialog for `action` */
  start: (action: T) => void;
  /** the dialog closed: with the message to announce, or undefined when cancelled */
  done: (message: string | undefined) => void;
  message: string | undefined;
}

export function usePendingAction<T>(): PendingAction<T> {
  const [pending, setPending] = useState<T | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  return {
    pending,
    start: (action) => setPending(() => action),
    done: (m) => {
      setPending(undefined);
      if (m) setMessage(m);
    },
    message,
  };
}

/** Where a page announces what its actions did. */
export function Announce({ message }: { message: string | undefined }) {
  return (
    <p class="announce" role="status" aria-live="polite">
      {message ?? ''}
    </p>
  );
}
