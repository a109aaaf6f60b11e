import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session';
import { ErrorAlert, Notice } from '../../components/Alert';
import { holidaysQuery } from './queries';
import './outreach.css';

interface Row {
  key: number;
  date: string;
  name: string;
}

let next = 0;

/** /admin/outreach-holidays: the local dates on which no outreach is sent, in any candidate's calendar. */
export function Holidays() {
  const holidays = useQuery(holidaysQuery);
  if (!holidays.data)
    return (
      <div className="page">
        <h1>Holidays</h1>
        <ErrorAlert error={holidays.error} />
        {holidays.isPending ? <p className="muted">Loading…</p> : null}
      </div>
    );
  return <HolidayForm key={JSON.stringify(holidays.data)} days={holidays.data.days} />;
}

function HolidayForm({ days }: { days: { date: string; name: string }[] }) {
  const session = useSession();
  const mayEdit = can(session, 'outreach:manage');
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Row[]>(() => days.map((d) => ({ key: ++next, ...d })));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/outreach/holidays', {
          body: { days: rows.filter((r) => r.date).map(({ date, name }) => ({ date, name: name.trim() })) },
        }),
      ),
    onSuccess: (d) => {
      setSaved(true);
      queryClient.setQueryData(['outreach-holidays'], d);
    },
  });
  const errors = fieldErrorsOf(save.error);
  const set = (i: number, patch: Partial<Row>) => {
    setSaved(false);
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const sorted = rows.map((r, i) => ({ r, i }));
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Holidays</h1>
          <p className="muted">
            No outreach goes out on these dates. Dates are local: 25 December is a holiday in each candidate’s
            own calendar. Saving re-plans every live enrollment.
          </p>
        </div>
      </header>
      <form onSubmit={submit} noValidate className="panel">
        <ErrorAlert
          error={save.error}
          fields={rows.flatMap((_, i) => [`days.${i}.date`, `days.${i}.name`])}
        />
        {saved && !save.error ? <Notice tone="success">Holiday calendar saved.</Notice> : null}
        <table className="table table-compact holiday-table">
          <caption className="visually-hidden">Holidays</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Name</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map(({ r, i }) => (
              <tr key={r.key}>
                <td className={errors[`days.${i}.date`] ? 'field-invalid' : undefined}>
                  <input
                    type="date"
                    aria-label={`Date of holiday ${i + 1}`}
                    value={r.date}
                    disabled={!mayEdit}
                    aria-invalid={errors[`days.${i}.date`] ? true : undefined}
                    onChange={(e) => set(i, { date: e.target.value })}
                  />
                  {errors[`days.${i}.date`] ? (
                    <p className="field-error">{errors[`days.${i}.date`]}</p>
                  ) : null}
                </td>
                <td>
                  <input
                    aria-label={`Name of holiday ${i + 1}`}
                    value={r.name}
                    disabled={!mayEdit}
                    onChange={(e) => set(i, { name: e.target.value })}
                  />
                  {errors[`days.${i}.name`] ? (
                    <p className="field-error">{errors[`days.${i}.name`]}</p>
                  ) : null}
                </td>
                <td className="actions">
                  {mayEdit ? (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => {
                        setSaved(false);
                        setRows((rs) => rs.filter((_, j) => j !== i));
                      }}
                    >
                      Remove<span className="visually-hidden"> holiday {i + 1}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={3} className="empty">
                  No holidays: every window day is a sending day.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {mayEdit ? (
          <div className="form-actions">
            <button
              type="button"
              className="button"
              onClick={() => setRows((rs) => [...rs, { key: ++next, date: '', name: '' }])}
            >
              Add holiday
            </button>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save holidays'}
            </button>
          </div>
        ) : null}
      </form>
    </div>
  );
}
