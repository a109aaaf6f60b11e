import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { MatchRules, MatchRulesView } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert, Notice } from '../../components/Alert';
import '../../components/extra.css';
import { TextField } from '../../components/Field';
import { formatDateTime } from '../../components/format';
import { SelectField } from '../../components/SelectField';
import { TextAreaField } from '../../components/TextAreaField';
import { ComparisonsEditor } from './ComparisonsEditor';
import { rulesQuery } from './queries';
import {
  errorUnder,
  nicknamesText,
  num,
  parseNicknames,
  parseTrust,
  RemoveRow,
  ScanProgress,
  trustText,
} from './RulesParts';

const STRATEGIES = [
  { value: 'survivor', label: "The survivor's value" },
  { value: 'newest', label: 'The more recently updated record' },
  { value: 'most_trusted', label: 'The more trusted source' },
];

/** Error paths this screen shows next to a field; any other error is spelled out in the alert. */
const SHOWN_ON_FIELD =
  /^(thresholds\.(merge|review)|maxBlockSize|maxComparisons|merge\.strategy|exactKeys\.\d+\.(kind|weight)|comparisons\.\d+\.(field|comparator|m|u|block)|nicknames(\..*)?|merge\.sourceTrust(\..*)?)$/;

/** /admin/duplicate-rules: exact keys, scored comparisons with their weights, thresholds, merge strategy. */
export function DuplicateRules() {
  const rules = useQuery(rulesQuery);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  if (rules.error)
    return (
      <div className="page">
        <ErrorAlert error={rules.error} />
      </div>
    );
  if (!rules.data)
    return (
      <div className="page">
        <p className="muted">Loading…</p>
      </div>
    );
  // A save gives a new version, which remounts the form on the saved rules; the notice lives out here.
  return (
    <RulesForm
      key={rules.data.version}
      initial={rules.data}
      saved={savedVersion === rules.data.version}
      onSaved={setSavedVersion}
    />
  );
}

function RulesForm({
  initial,
  saved,
  onSaved,
}: {
  initial: MatchRulesView;
  saved: boolean;
  onSaved: (version: number) => void;
}) {
  const session = useSession();
  const mayEdit = can(session, 'duplicates:configure');
  const queryClient = useQueryClient();
  const [keys, setKeys] = useState(
    initial.exactKeys.map((k) => ({ kind: k.kind, weight: String(k.weight) })),
  );
  const [comparisons, setComparisons] = useState(
    initial.comparisons.map((c) => ({ ...c, mText: String(c.m), uText: String(c.u) })),
  );
  const [merge, setMerge] = useState(String(initial.thresholds.merge));
  const [review, setReview] = useState(String(initial.thresholds.review));
  const [maxBlock, setMaxBlock] = useState(String(initial.maxBlockSize));
  const [maxComparisons, setMaxComparisons] = useState(String(initial.maxComparisons ?? 100));
  const [strategy, setStrategy] = useState(initial.merge.strategy);
  const [nicknames, setNicknames] = useState(nicknamesText(initial.nicknames));
  const [trust, setTrust] = useState(trustText(initial.merge.sourceTrust));
  const save = useMutation({
    mutationFn: () => {
      const body: MatchRules = {
        exactKeys: keys.map((k) => ({ kind: k.kind.trim(), weight: num(k.weight) })),
        comparisons: comparisons.map(({ mText, uText, ...c }) => ({ ...c, m: num(mText), u: num(uText) })),
        thresholds: { merge: num(merge), review: num(review) },
        maxBlockSize: num(maxBlock),
        maxComparisons: num(maxComparisons),
        nicknames: parseNicknames(nicknames),
        merge: { strategy, sourceTrust: parseTrust(trust) },
      };
      return unwrap(api.PUT('/api/v1/duplicates/rules', { body }));
    },
    onSuccess: async (next) => {
      queryClient.setQueryData(['duplicate-rules'], next);
      onSaved(next.version);
    },
  });
  const rescan = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/duplicates/rescan', { body: {} })),
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const ro = !mayEdit;

  return (
    <div className="page page-wide">
      <header className="page-header">
        <div>
          <h1>Duplicate rules</h1>
          <p className="muted">
            Version {initial.version}
            {initial.updatedAt ? `, changed ${formatDateTime(initial.updatedAt)}` : ' (the defaults)'}. Exact
            keys add their weight when two records share a value; each comparison adds log2(m/u) when its
            field agrees and a negative weight when it disagrees.
          </p>
        </div>
      </header>
      {saved ? (
        <Notice tone="success">Rules saved. Run a re-scan to re-score the records already stored.</Notice>
      ) : null}
      <form onSubmit={submit} noValidate className="panel panel-wide">
        <ErrorAlert error={save.error} fields={Object.keys(errors).filter((f) => SHOWN_ON_FIELD.test(f))} />
        <fieldset className="plain-fieldset">
          <legend className="subheading">Thresholds</legend>
          <div className="form-row">
            <TextField
              label="Merge at or above"
              inputMode="decimal"
              value={merge}
              readOnly={ro}
              onChange={(e) => setMerge(e.target.value)}
              error={errors['thresholds.merge']}
              hint="Imports merge such pairs automatically."
            />
            <TextField
              label="Review at or above"
              inputMode="decimal"
              value={review}
              readOnly={ro}
              onChange={(e) => setReview(e.target.value)}
              error={errors['thresholds.review']}
              hint="Below it, records are distinct."
            />
            <TextField
              label="Largest block"
              inputMode="numeric"
              value={maxBlock}
              readOnly={ro}
              onChange={(e) => setMaxBlock(e.target.value)}
              error={errors.maxBlockSize}
              hint="Keys shared by more records are skipped."
            />
            <TextField
              label="Comparisons per record"
              inputMode="numeric"
              value={maxComparisons}
              readOnly={ro}
              onChange={(e) => setMaxComparisons(e.target.value)}
              error={errors.maxComparisons}
              hint="Exact-key matches first, then the smallest blocks."
            />
            <SelectField
              label="When both records have a value, keep"
              value={strategy}
              onChange={(v) => setStrategy(v as typeof strategy)}
              options={STRATEGIES}
              disabled={ro}
              error={errors['merge.strategy']}
            />
          </div>
        </fieldset>
        <fieldset className="plain-fieldset">
          <legend className="subheading">Exact keys</legend>
          {keys.map((k, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; their position is their identity
            <div className="rules-row" key={i}>
              <TextField
                label={`Key ${i + 1}: identity kind`}
                value={k.kind}
                readOnly={ro}
                onChange={(e) =>
                  setKeys((ks) => ks.map((x, j) => (j === i ? { ...x, kind: e.target.value } : x)))
                }
                error={errors[`exactKeys.${i}.kind`]}
              />
              <TextField
                label={`Key ${i + 1}: weight`}
                inputMode="decimal"
                value={k.weight}
                readOnly={ro}
                onChange={(e) =>
                  setKeys((ks) => ks.map((x, j) => (j === i ? { ...x, weight: e.target.value } : x)))
                }
                error={errors[`exactKeys.${i}.weight`]}
              />
              {ro ? null : (
                <RemoveRow
                  what={`key ${i + 1}`}
                  onRemove={() => setKeys((ks) => ks.filter((_, j) => j !== i))}
                />
              )}
            </div>
          ))}
          {ro ? null : (
            <button
              type="button"
              className="button button-small"
              onClick={() => setKeys((ks) => [...ks, { kind: '', weight: '10' }])}
            >
              Add an exact key
            </button>
          )}
        </fieldset>
        <ComparisonsEditor rows={comparisons} setRows={setComparisons} errors={errors} readOnly={ro} />
        <div className="form-row">
          <TextAreaField
            label="Nicknames"
            rows={3}
            value={nicknames}
            onChange={setNicknames}
            error={errorUnder(errors, 'nicknames')}
            hint="Extra groups of given names that mean the same person: one group per line, names separated by commas."
          />
          <TextAreaField
            label="Source trust"
            rows={3}
            value={trust}
            onChange={setTrust}
            error={errorUnder(errors, 'merge.sourceTrust')}
            hint="For “the more trusted source”: one “source = 0 to 100” per line (unknown sources 50, manual 100)."
          />
        </div>
        {ro ? (
          <p className="muted">
            You may read the rules; changing them needs the duplicates:configure permission.
          </p>
        ) : (
          <div className="form-actions">
            <button
              type="button"
              className="button"
              disabled={rescan.isPending}
              onClick={() => rescan.mutate()}
            >
              {rescan.isPending ? 'Starting…' : 'Re-scan all records'}
            </button>
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save rules'}
            </button>
          </div>
        )}
        <ErrorAlert error={rescan.error} />
        {rescan.data ? <ScanProgress id={rescan.data.id} /> : null}
      </form>
    </div>
  );
}
