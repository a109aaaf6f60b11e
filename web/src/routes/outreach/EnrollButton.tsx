import { useState } from 'react';
import { can, useSession } from '../../auth/session';
import { EnrollDialog } from './EnrollDialog';
import type { EnrollSelection } from './queries';

/** "Enroll in sequence" for any selection (candidates, a search, a pool, a segment); hidden without permission. */
export function EnrollButton({
  selection,
  what,
  label = 'Enroll in sequence',
  hiddenLabel,
  small = true,
}: {
  selection: EnrollSelection;
  what: string;
  label?: string;
  /** Said to screen readers after the label, e.g. the pool's name in a table row. */
  hiddenLabel?: string;
  small?: boolean;
}) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  if (!can(session, 'outreach:enroll')) return null;
  return (
    <>
      <button
        type="button"
        className={small ? 'button button-small' : 'button'}
        onClick={() => setOpen(true)}
      >
        {label}…{hiddenLabel ? <span className="visually-hidden"> {hiddenLabel}</span> : null}
      </button>
      {open ? <EnrollDialog selection={selection} what={what} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
