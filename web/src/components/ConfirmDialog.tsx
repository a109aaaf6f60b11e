import type { ReactNode } from 'react';
import { ErrorAlert } from './Alert';
import { Dialog } from './Dialog';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before a destructive action; Cancel has the initial focus. */
export function ConfirmDialog({ title, children, confirmLabel, pending, error, onConfirm, onClose }: Props) {
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          {/* biome-ignore lint/a11y/noAutofocus: a native <dialog> focuses its [autofocus] element; Cancel is the safe default */}
          <button type="button" className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="button" className="button button-danger" onClick={onConfirm} disabled={pending}>
            {pending ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      <ErrorAlert error={error} />
      {children}
    </Dialog>
  );
}
