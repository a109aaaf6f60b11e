import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { ErrorAlert } from '../../components/Alert';
import { BarChart } from '../../components/BarChart';
import { sequenceQuery, stepKindLabel } from './queries';
import '../../components/extra.css';
import './outreach.css';

type Counts = components['schemas']['OutreachCounts'];

const FUNNEL: { key: keyof Counts; label: string }[] = [
  { key: 'enrolled', label: 'Enrolled' },
  { key: 'sent', label: 'Sent' },
  { key: 'delivered', label: 'Delivered' },
  { key: 'opened', label: 'Opened' },
  { key: 'clicked', label: 'Clicked' },
  { key: 'replied', label: 'Replied' },
  { key: 'interested', label: 'Interested' },
];
const PROBLEMS: { key: keyof Counts; label: string }[] = [
  { key: 'bounced', label: 'Bounced' },
  { key: 'unsubscribed', label: 'Unsubscribed' },
  { key: 'blocked', label: 'Blocked by a guard' },
];

/** "3 h 20 min", "2 d 4 h". */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

/** /sequences/$id/metrics: the funnel of a sequence, per step and per A/B variant, with the response time. */
export function SequenceMetrics({ id }: { id: string }) {
  const sequence = useQuery(sequenceQuery(id));
  const metrics = useQuery({
    queryKey: ['sequence-metrics', id],
    queryFn: () => unwrap(api.GET('/api/v1/outreach/sequences/{id}/metrics', { params: { path: { id } } })),
    refetchInterval: 30_000,
  });
  const m = metrics.data;
  const name = sequence.data?.name ?? '…';
  return (
    <div className="page page-wide">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/sequences">Sequences</Link> <span aria-hidden="true">›</span>{' '}
        <Link to="/sequences/$id" params={{ id }}>
          {name}
        </Link>{' '}
        <span aria-hidden="true">›</span> Metrics
      </nav>
      <header className="page-header">
        <div>
          <h1>Metrics: {name}</h1>
          <p className="muted">Counts since the sequence started; refreshed every 30 seconds.</p>
        </div>
      </header>
      <ErrorAlert error={metrics.error ?? sequence.error} />
      {m ? (
        <>
          <dl className="counts metric-counts">
            <div>
              <dt>Enrolled</dt>
              <dd>{m.totals.enrolled.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Reply rate</dt>
              <dd>{rate(m.totals.replied, m.totals.sent)}%</dd>
            </div>
            <div>
              <dt>Interested</dt>
              <dd>{m.totals.interested.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Median response time</dt>
              <dd>{duration(m.totals.medianResponseSeconds)}</dd>
            </div>
          </dl>
          <div className="chart-grid">
            <section className="panel panel-wide">
              <BarChart
                title="Funnel, whole sequence"
                funnel
                bars={FUNNEL.map((f) => ({ label: f.label, value: m.totals[f.key] as number }))}
              />
            </section>
            <section className="panel panel-wide">
              <BarChart
                title="Problems"
                bars={PROBLEMS.map((f) => ({ label: f.label, value: m.totals[f.key] as number }))}
              />
            </section>
          </div>
          <h2 className="section-title">Per step and variant</h2>
          {m.steps.map((st) => (
            <section
              key={st.stepId}
              className="panel panel-wide step-metrics"
              aria-label={`Step ${st.position}`}
            >
              <h3 className="subheading">
                Step {st.position}: {stepKindLabel(st.kind)}
                {st.removed ? <span className="badge">removed</span> : null}
              </h3>
              <div className="chart-grid">
                <BarChart
                  title={`Step ${st.position}: sent to replied`}
                  funnel
                  bars={FUNNEL.slice(1).map((f) => ({ label: f.label, value: st.totals[f.key] as number }))}
                />
                {st.variants.length > 1 ? (
                  <BarChart
                    title={`Step ${st.position}: reply rate by variant`}
                    format={(v) => `${v}%`}
                    max={100}
                    bars={st.variants.map((v) => ({
                      label: `Variant ${v.label}`,
                      value: rate(v.counts.replied, v.counts.sent),
                      note: `${v.counts.replied} of ${v.counts.sent} sent`,
                    }))}
                  />
                ) : null}
              </div>
              <div className="table-wrap">
                <table className="table table-compact">
                  <caption className="visually-hidden">Step {st.position} counts by variant</caption>
                  <thead>
                    <tr>
                      <th scope="col">Variant</th>
                      {[...FUNNEL, ...PROBLEMS].map((f) => (
                        <th key={f.key} scope="col">
                          {f.label}
                        </th>
                      ))}
                      <th scope="col">Median response</th>
                    </tr>
                  </thead>
                  <tbody>
                    {st.variants.map((v) => (
                      <tr key={v.label}>
                        <th scope="row">{v.label}</th>
                        {[...FUNNEL, ...PROBLEMS].map((f) => (
                          <td key={f.key}>{(v.counts[f.key] as number).toLocaleString()}</td>
                        ))}
                        <td>{duration(v.counts.medianResponseSeconds)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ))}
        </>
      ) : metrics.isPending ? (
        <p className="muted">Loading…</p>
      ) : null}
    </div>
  );
}
