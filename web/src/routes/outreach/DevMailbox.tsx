import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ErrorAlert } from '../../components/Alert';
import { formatDateTime } from '../../components/format';
import { HtmlFrame } from './TemplatePreview';
import './outreach.css';

/**
 * /mailbox: what outreach "sent" while no SMTP server is configured: every email and SMS, newest first; a
 * message shows its headers, its HTML (sandboxed: no scripts, no remote content) and its text.
 */
export function DevMailbox({
  selected,
  onSelect,
}: {
  selected?: string | undefined;
  onSelect: (id?: string) => void;
}) {
  const list = useInfiniteQuery({
    queryKey: ['dev-mailbox'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/outreach/dev-mailbox', {
          params: { query: { limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 5000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page page-wide">
      <header className="page-header">
        <div>
          <h1>Dev mailbox</h1>
          <p className="muted">
            With no SMTP server configured, outreach is delivered here instead of to candidates. Refreshes by
            itself.
          </p>
        </div>
      </header>
      <ErrorAlert error={list.error} />
      <div className="mailbox">
        <ul className="mail-list" aria-label="Messages">
          {items.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                className={m.id === selected ? 'mail-item mail-item-on' : 'mail-item'}
                aria-current={m.id === selected ? 'true' : undefined}
                onClick={() => onSelect(m.id)}
              >
                <span className="mail-row">
                  <span className="mail-to truncate">{m.to}</span>
                  <span className="muted small nowrap">{formatDateTime(m.createdAt)}</span>
                </span>
                <span className="mail-subject truncate">
                  {m.channel === 'sms' ? <span className="badge">SMS</span> : null} {m.subject ?? m.preview}
                </span>
                {m.subject ? <span className="muted small truncate">{m.preview}</span> : null}
              </button>
            </li>
          ))}
          {items.length === 0 ? (
            <li className="empty muted">{list.isPending ? 'Loading…' : 'Nothing delivered yet.'}</li>
          ) : null}
          {list.hasNextPage ? (
            <li>
              <button type="button" className="button button-small" onClick={() => list.fetchNextPage()}>
                Older messages
              </button>
            </li>
          ) : null}
        </ul>
        <div className="mail-view">
          {selected ? <Message id={selected} /> : <p className="muted">Choose a message to read it.</p>}
        </div>
      </div>
    </div>
  );
}

function Message({ id }: { id: string }) {
  const mail = useQuery({
    queryKey: ['dev-mail', id],
    queryFn: () => unwrap(api.GET('/api/v1/outreach/dev-mailbox/{id}', { params: { path: { id } } })),
  });
  const m = mail.data;
  if (!m) return mail.error ? <ErrorAlert error={mail.error} /> : <p className="muted">Loading…</p>;
  return (
    <article className="panel panel-wide" aria-labelledby="mail-subject">
      <h2 id="mail-subject" className="mail-title">
        {m.subject ?? (m.channel === 'sms' ? 'Text message' : '(no subject)')}
      </h2>
      <dl className="rendered-head">
        <dt>From</dt>
        <dd>{m.from}</dd>
        <dt>To</dt>
        <dd>{m.to}</dd>
        <dt>Date</dt>
        <dd>{formatDateTime(m.createdAt)}</dd>
        <dt>Message-ID</dt>
        <dd className="mono small">{m.messageId}</dd>
      </dl>
      {m.html ? (
        <>
          <h3 className="small-heading">HTML</h3>
          <HtmlFrame html={m.html} title="Message HTML" />
        </>
      ) : null}
      <h3 className="small-heading">Text</h3>
      <pre className="rendered-text" data-testid="mail-text">
        {m.text}
      </pre>
      <details className="disclosure">
        <summary>All headers</summary>
        <table className="table table-compact">
          <caption className="visually-hidden">Headers</caption>
          <tbody>
            {Object.entries(m.headers).map(([k, v]) => (
              <tr key={k}>
                <th scope="row" className="nowrap">
                  {k}
                </th>
                <td className="mono small">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </article>
  );
}
