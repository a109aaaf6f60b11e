import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { AuditQuery } from '../../api/types';
import { can, useSession } from '../../auth/session';

/** Local midnight of a yyyy-mm-dd date, as ISO; `endOfDay` gives the first instant of the next day. */
function dayToIso(day: string, endOfDay = false): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, endOfDay ? d + 1 : d).toISOString();
}

interface Props {
  value: AuditQuery;
  onChange: (next: AuditQuery) => void;
}

export function AuditFilters({ onChange }: Props) {
  const session = useSession();
  const [action, setAction] = useState('');
  const [entityType, setEntityType] = useState('');
  const [actorId, setActorId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  // Actor choices come from the user list when the viewer may read it.
  const users = useQuery({
    queryKey: ['users', 'audit-actors'],
    enabled: can(session, 'users:read'),
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200 } } })),
  });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next: AuditQuery = {};
    if (action.trim()) next.action = action.trim();
    if (entityType.trim()) next.entityType = entityType.trim();
    if (actorId) next.actorId = actorId;
    const fromIso = dayToIso(from);
    const toIso = dayToIso(to, true);
    if (fromIso) next.from = fromIso;
    if (toIso) next.to = toIso;
    onChange(next);
  };
  const clear = () => {
    setAction('');
    setEntityType('');
    setActorId('');
    setFrom('');
    setTo('');
    onChange({});
  };

  return (
    <form className="filters" onSubmit={apply} aria-label="Filter audit entries">
      <div className="field">
        <label htmlFor="f-action">Action</label>
        <input
          id="f-action"
          value={action}
          onChange={(e) => setAction(e.target.value)}
          placeholder="e.g. user.created"
        />
      </div>
      <div className="field">
        <label htmlFor="f-entity">Entity type</label>
        <input
          id="f-entity"
          value={entityType}
          onChange={(e) => setEntityType(e.target.value)}
          placeholder="e.g. user"
        />
      </div>
      {users.data ? (
        <div className="field">
          <label htmlFor="f-actor">Actor</label>
          <select id="f-actor" value={actorId} onChange={(e) => setActorId(e.target.value)}>
            <option value="">Anyone</option>
            {users.data.items.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </div>
      ) : (
        <div className="field">
          <label htmlFor="f-actor">Actor ID</label>
          <input id="f-actor" value={actorId} onChange={(e) => setActorId(e.target.value)} />
        </div>
      )}
      <div className="field">
        <label htmlFor="f-from">From</label>
        <input id="f-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="f-to">To</label>
        <input id="f-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          Apply
        </button>
        <button type="button" className="button" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
