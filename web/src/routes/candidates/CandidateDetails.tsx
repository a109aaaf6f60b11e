import type { ReactNode } from 'react';
import type { Candidate, CustomField } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { showCustomValue, useUsers } from './queries';
import { locationOf } from './ResultsTable';

const Hidden = () => <span className="badge">hidden</span>;
const None = () => <span className="muted">—</span>;

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function span(start: string | null, end: string | null, current = false): string {
  if (!start && !end && !current) return '';
  return `${start ?? '?'} – ${current ? 'now' : (end ?? '?')}`;
}

/** The record read-only: contact (hidden where redacted), work, education, skills, tags, custom fields. */
export function CandidateDetails({ candidate: c, defs }: { candidate: Candidate; defs: CustomField[] }) {
  const { nameOf } = useUsers();
  const hidden = new Set(c.redactedFields ?? []);
  const customKeys = [
    ...defs
      .filter((d) => c.customFields[d.key] !== undefined || hidden.has(`customFields.${d.key}`))
      .map((d) => d.key),
    ...Object.keys(c.customFields).filter((k) => !defs.some((d) => d.key === k)),
  ];

  return (
    <div className="details">
      <section className="panel panel-wide" aria-labelledby="d-contact">
        <h2 id="d-contact" className="subheading">
          Contact and location
        </h2>
        <dl className="dl-grid">
          <Item term="Emails">
            {hidden.has('emails') ? (
              <Hidden />
            ) : c.emails?.length ? (
              <ul className="plain-list">
                {c.emails.map((e) => (
                  <li key={e.address}>
                    <a href={`mailto:${e.address}`}>{e.address}</a>
                    {e.primary ? <span className="badge badge-accent">primary</span> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <None />
            )}
          </Item>
          <Item term="Phones">
            {hidden.has('phones') ? (
              <Hidden />
            ) : c.phones?.length ? (
              <ul className="plain-list">
                {c.phones.map((p) => (
                  <li key={p.number + (p.extension ?? '')}>
                    {p.number}
                    {p.extension ? ` ext. ${p.extension}` : ''}
                    {p.type ? <span className="muted small"> {p.type.replace(/_/g, ' ')}</span> : null}
                    {p.primary ? <span className="badge badge-accent">primary</span> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <None />
            )}
          </Item>
          <Item term="Links">
            {c.links.length ? (
              <ul className="plain-list">
                {c.links.map((l) => (
                  <li key={l.url}>
                    <a href={l.url} target="_blank" rel="noreferrer noopener">
                      {l.handle ? `${l.kind}: ${l.handle}` : l.url}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              <None />
            )}
          </Item>
          <Item term="Location">{locationOf(c) || <None />}</Item>
          <Item term="Time zone">
            {c.timeZone ?? <None />}
            {c.timeZone && c.timeZoneSource && c.timeZoneSource !== 'explicit' ? (
              <span className="muted small"> (inferred from {c.timeZoneSource})</span>
            ) : null}
          </Item>
          <Item term="Source">{c.source ?? <None />}</Item>
          <Item term="Experience">
            {c.yearsExperience !== null ? `${c.yearsExperience} years` : <None />}
          </Item>
          <Item term="Employee">
            {c.employee.isEmployee ? `Yes${c.employee.since ? `, since ${c.employee.since}` : ''}` : 'No'}
            {c.employee.isEmployee ? (
              <span>
                {' '}
                · rating{' '}
                {hidden.has('employee.performanceRating') ? (
                  <Hidden />
                ) : (
                  (c.employee.performanceRating ?? '—')
                )}
              </span>
            ) : null}
          </Item>
          {hidden.has('compensation') ? (
            <Item term="Compensation">
              <Hidden />
            </Item>
          ) : c.compensation ? (
            <Item term="Compensation">
              {[c.compensation.current, c.compensation.expected].some((x) => x !== null)
                ? `${c.compensation.current ?? '?'} now, ${c.compensation.expected ?? '?'} expected`
                : ''}{' '}
              {c.compensation.currency} per {c.compensation.period}
            </Item>
          ) : null}
          <Item term="Created">{formatDateTime(c.createdAt)}</Item>
        </dl>
        {c.summary ? <p className="summary-text">{c.summary}</p> : null}
      </section>

      <section className="panel panel-wide" aria-labelledby="d-work">
        <h2 id="d-work" className="subheading">
          Work history
        </h2>
        {c.work.length ? (
          <ol className="history-list">
            {c.work.map((w, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: positions have no id
              <li key={i}>
                <strong>{w.title}</strong> at {w.company}{' '}
                <span className="muted small">{span(w.startDate, w.endDate, w.current)}</span>
                {w.summary ? <p className="small">{w.summary}</p> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">No positions recorded.</p>
        )}
        <h2 className="subheading">Education</h2>
        {c.education.length ? (
          <ol className="history-list">
            {c.education.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: schools have no id
              <li key={i}>
                <strong>{e.institution}</strong>
                {[e.studyType, e.area].filter(Boolean).length
                  ? `, ${[e.studyType, e.area].filter(Boolean).join(', ')}`
                  : ''}{' '}
                <span className="muted small">{span(e.startDate, e.endDate)}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">No education recorded.</p>
        )}
      </section>

      <section className="panel panel-wide" aria-labelledby="d-skills">
        <h2 id="d-skills" className="subheading">
          Skills and tags
        </h2>
        <dl className="dl-grid">
          <Item term="Skills">
            {c.skills.length ? (
              <ul className="tag-list">
                {c.skills.map((s) => (
                  <li key={s.key} className="tag" title={`key: ${s.key}`}>
                    {s.name}
                  </li>
                ))}
              </ul>
            ) : (
              <None />
            )}
          </Item>
          <Item term="Tags">
            {c.tags.length ? (
              <ul className="tag-list">
                {c.tags.map((t) => (
                  <li key={t} className="tag">
                    {t}
                  </li>
                ))}
              </ul>
            ) : (
              <None />
            )}
          </Item>
        </dl>
      </section>

      {customKeys.length ? (
        <section className="panel panel-wide" aria-labelledby="d-custom">
          <h2 id="d-custom" className="subheading">
            Custom fields
          </h2>
          <dl className="dl-grid">
            {customKeys.map((k) => {
              const def = defs.find((d) => d.key === k);
              return (
                <Item key={k} term={def?.label ?? k}>
                  {hidden.has(`customFields.${k}`) ? (
                    <Hidden />
                  ) : (
                    showCustomValue(def, c.customFields[k], nameOf)
                  )}
                  {def?.retired ? <span className="badge">retired field</span> : null}
                </Item>
              );
            })}
          </dl>
        </section>
      ) : null}
    </div>
  );
}
