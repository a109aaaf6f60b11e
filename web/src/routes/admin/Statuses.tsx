import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { StatusCode, StatusTerm, UpdateStatusTerminologyBody } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert, Notice } from '../../components/Alert';
import { TokenInput } from '../../components/TokenInput';
import { statusTermsQuery } from '../candidates/queries';

type LabelRow = { status: StatusCode; team: string; locale: string; label: string };
type AliasRow = { alias: string; status: StatusCode };

/** /admin/statuses: labels per team and locale and legacy aliases for each canonical status; saved as a whole. */
export function Statuses() {
  const terms = useQuery(statusTermsQuery);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Status terminology</h1>
          <p className="muted">
            The API and search speak canonical codes; people see your labels. Legacy labels from an old ATS or
            an import map onto the codes and are understood by search (<code>status:"hot prospect"</code>).
          </p>
        </div>
      </header>
      <ErrorAlert error={terms.error} />
      {terms.data ? <StatusEditor items={terms.data.items} /> : <p className="muted">Loading…</p>}
    </div>
  );
}

const labelRows = (items: StatusTerm[]): LabelRow[] =>
  items.flatMap((t) => t.labels.map((l) => ({ status: t.code, ...l })));
const aliasRows = (items: StatusTerm[]): AliasRow[] =>
  items.flatMap((t) => t.aliases.map((alias) => ({ alias, status: t.code })));

function StatusEditor({ items }: { items: StatusTerm[] }) {
  const mayConfigure = can(useSession(), 'candidates:configure');
  const queryClient = useQueryClient();
  const [labels, setLabels] = useState<LabelRow[]>(() => labelRows(items));
  const [aliases, setAliases] = useState<AliasRow[]>(() => aliasRows(items));
  const save = useMutation({
    mutationFn: () => {
      const body: UpdateStatusTerminologyBody = {
        labels: labels.map((l) => ({
          ...l,
          team: l.team.trim(),
          locale: l.locale.trim() || 'en',
          label: l.label.trim(),
        })),
        aliases,
      };
      return unwrap(api.PUT('/api/v1/status-terminology', { body }));
    },
    onSuccess: (data) => {
      queryClient.setQueryData(statusTermsQuery.queryKey, data);
      // The server normalises (legacy labels lower-cased, duplicates merged): show what it stored.
      setLabels(labelRows(data.items));
      setAliases(aliasRows(data.items));
    },
  });
  const errors = fieldErrorsOf(save.error);
  const setLabel = (i: number, patch: Partial<LabelRow>) =>
    setLabels((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <ErrorAlert error={save.error} fields={Object.keys(errors)} />
      {save.isSuccess ? <Notice tone="success">Terminology saved.</Notice> : null}
      <fieldset className="plain-fieldset" disabled={!mayConfigure}>
        <div className="table-wrap">
          <table className="table status-table">
            <caption className="visually-hidden">Statuses</caption>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Labels (team, locale)</th>
                <th scope="col">Legacy labels</th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => {
                const rows = labels.map((l, i) => ({ l, i })).filter(({ l }) => l.status === t.code);
                const mine = aliases.filter((a) => a.status === t.code);
                const aliasError = Object.entries(errors).find(
                  ([k]) => k.startsWith('aliases.') && aliases[Number(k.split('.')[1])]?.status === t.code,
                )?.[1];
                return (
                  <tr key={t.code}>
                    <th scope="row">
                      <div className="cell-title">{t.defaultLabel}</div>
                      <code className="muted small">{t.code}</code>
                      {!t.contactable ? <div className="badge badge-warn">blocks contact</div> : null}
                    </th>
                    <td>
                      {rows.map(({ l, i }) => (
                        <div className="label-row" key={i}>
                          <input
                            aria-label={`${t.code} label ${i + 1} text`}
                            value={l.label}
                            onChange={(e) => setLabel(i, { label: e.target.value })}
                            placeholder="Label"
                          />
                          <input
                            aria-label={`${t.code} label ${i + 1} team`}
                            value={l.team}
                            onChange={(e) => setLabel(i, { team: e.target.value })}
                            placeholder="All teams"
                            className="narrow"
                          />
                          <input
                            aria-label={`${t.code} label ${i + 1} locale`}
                            value={l.locale}
                            onChange={(e) => setLabel(i, { locale: e.target.value })}
                            placeholder="en"
                            className="narrow mono"
                          />
                          <button
                            type="button"
                            className="button button-small button-danger-quiet"
                            onClick={() => setLabels((ls) => ls.filter((_, j) => j !== i))}
                          >
                            Remove
                            <span className="visually-hidden">
                              {' '}
                              {t.code} label {i + 1}
                            </span>
                          </button>
                          {(errors[`labels.${i}`] ??
                          errors[`labels.${i}.label`] ??
                          errors[`labels.${i}.locale`]) ? (
                            <p className="field-error">
                              {errors[`labels.${i}`] ??
                                errors[`labels.${i}.label`] ??
                                errors[`labels.${i}.locale`]}
                            </p>
                          ) : null}
                        </div>
                      ))}
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() =>
                          setLabels((ls) => [...ls, { status: t.code, team: '', locale: 'en', label: '' }])
                        }
                      >
                        Add label<span className="visually-hidden"> for {t.code}</span>
                      </button>
                    </td>
                    <td>
                      <TokenInput
                        label={`Legacy labels for ${t.defaultLabel}`}
                        value={mine.map((a) => a.alias)}
                        onChange={(next) =>
                          setAliases((as) => [
                            ...as.filter((a) => a.status !== t.code),
                            ...next.map((alias) => ({ alias, status: t.code })),
                          ])
                        }
                        error={aliasError}
                        placeholder="e.g. hot prospect"
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </fieldset>
      {mayConfigure ? (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save terminology'}
          </button>
        </div>
      ) : (
        <p className="muted">Changing the terminology needs the candidates:configure permission.</p>
      )}
    </form>
  );
}
