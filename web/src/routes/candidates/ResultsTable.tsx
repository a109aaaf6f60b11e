import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import type { Candidate } from '../../api/types';
import { formatDate, formatDateTime } from '../../components/format';
import { useStatusLabel, useUsers } from './queries';

interface Props {
  items: Candidate[];
  loading: boolean;
  selectable: boolean;
  selected: Set<string>;
  onToggle: (id: string, on: boolean) => void;
  onTogglePage: (on: boolean) => void;
  emptyText: string;
}

export function locationOf(c: Pick<Candidate, 'location'>): string {
  return [c.location.city, c.location.region, c.location.country].filter(Boolean).join(', ');
}

/** One page of search results; names open the candidate page. */
export function ResultsTable({
  items,
  loading,
  selectable,
  selected,
  onToggle,
  onTogglePage,
  emptyText,
}: Props) {
  const statusLabel = useStatusLabel();
  const { nameOf } = useUsers();
  const all = items.length > 0 && items.every((c) => selected.has(c.id));
  const some = items.some((c) => selected.has(c.id));
  const pageBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (pageBox.current) pageBox.current.indeterminate = some && !all;
  }, [some, all]);
  const columns = selectable ? 8 : 7;

  return (
    <div className="table-wrap">
      <table className="table results-table">
        <caption className="visually-hidden">Candidates</caption>
        <thead>
          <tr>
            {selectable ? (
              <th scope="col" className="select-cell">
                <input
                  ref={pageBox}
                  type="checkbox"
                  aria-label="Select every candidate on this page"
                  checked={all}
                  onChange={(e) => onTogglePage(e.target.checked)}
                />
              </th>
            ) : null}
            <th scope="col">Name</th>
            <th scope="col">Current title</th>
            <th scope="col">Company</th>
            <th scope="col">Location</th>
            <th scope="col">Status</th>
            <th scope="col">Owner</th>
            <th scope="col">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} className={selected.has(c.id) ? 'row-selected' : undefined}>
              {selectable ? (
                <td className="select-cell">
                  <input
                    type="checkbox"
                    aria-label={`Select ${c.name}`}
                    checked={selected.has(c.id)}
                    onChange={(e) => onToggle(c.id, e.target.checked)}
                  />
                </td>
              ) : null}
              <td>
                <Link to="/candidates/$id" params={{ id: c.id }} className="cell-title">
                  {c.name}
                </Link>
                {c.headline ? <div className="muted small truncate">{c.headline}</div> : null}
              </td>
              <td>{c.currentTitle ?? <span className="muted">—</span>}</td>
              <td>{c.currentCompany ?? <span className="muted">—</span>}</td>
              <td>{locationOf(c) || <span className="muted">—</span>}</td>
              <td>
                <span className={`badge status-${c.status}`}>{statusLabel(c.status)}</span>
              </td>
              <td>{c.ownerId ? nameOf(c.ownerId) : <span className="muted">Nobody</span>}</td>
              <td className="nowrap" title={formatDateTime(c.lastActivityAt)}>
                {formatDate(c.lastActivityAt)}
              </td>
            </tr>
          ))}
          {items.length === 0 ? (
            <tr>
              <td colSpan={columns} className="empty">
                {loading ? 'Searching…' : emptyText}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
