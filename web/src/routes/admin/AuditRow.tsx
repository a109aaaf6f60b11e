import { Fragment, useState } from 'react';
import type { AuditEvent } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { JsonDiff } from './JsonDiff';

const COLUMNS = 6;

export function AuditRow({ event }: { event: AuditEvent }) {
  const [open, setOpen] = useState(false);
  const detailsId = `audit-${event.id}`;
  return (
    <Fragment>
      <tr className={open ? 'row-open' : undefined}>
        <td>
          <button
            type="button"
            className="disclosure"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen((o) => !o)}
          >
            <span aria-hidden="true" className="disclosure-icon">
              ▸
            </span>
            <span className="visually-hidden">Details of entry </span>#{event.seq}
          </button>
        </td>
        <td className="nowrap">{formatDateTime(event.at)}</td>
        <td>
          <code>{event.action}</code>
        </td>
        <td>
          {event.actor.label}
          {event.actor.kind !== 'user' ? <span className="muted small"> ({event.actor.kind})</span> : null}
        </td>
        <td>{event.entityType}</td>
        <td className="mono small truncate" title={event.entityId ?? undefined}>
          {event.entityId ?? '—'}
        </td>
      </tr>
      {open ? (
        <tr id={detailsId} className="row-details">
          <td colSpan={COLUMNS}>
            <JsonDiff before={event.before} after={event.after} />
            <p className="muted small mono hashes">
              hash {event.hash}
              <br />
              prev {event.prevHash}
            </p>
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}
