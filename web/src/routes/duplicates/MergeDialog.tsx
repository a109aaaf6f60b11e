import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Candidate, DuplicatePair, Merge, MergeBody } from '../../api/types';
import { ErrorAlert, Notice } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { useCustomFields } from '../candidates/queries';
import { fieldLabel, LIST_FIELDS, MERGE_FIELDS, showField } from './queries';
import { useUndoMerge } from './UndoMerge';

type Choice = 'survivor' | 'loser' | 'both';

/** Fields where both records hold a value and the values differ: the ones a reviewer chooses between. */
function differing(s: Candidate, l: Candidate): string[] {
  const hidden = new Set([...(s.redactedFields ?? []), ...(l.redactedFields ?? [])]);
  const custom = [...new Set([...Object.keys(s.customFields), ...Object.keys(l.customFields)])].map(
    (k) => `customFields.${k}`,
  );
  return [...MERGE_FIELDS, ...custom].filter((f) => {
    if (hidden.has(f)) return false;
    const a = showField(s, f);
    const b = showField(l, f);
    return a !== '' && b !== '' && a !== b;
  });
}

/**
 * Merge the two records of a pair: pick the survivor, then for each field both hold differently, whose value
 * stays (lists can keep both). The result offers undo straight away.
 */
export function MergeDialog({
  pair,
  onClose,
  onMerged,
}: {
  pair: DuplicatePair & { a: Candidate; b: Candidate };
  onClose: () => void;
  onMerged: () => void;
}) {
  const queryClient = useQueryClient();
  const { byKey } = useCustomFields();
  const survivorName = useId();
  const [survivorId, setSurvivorId] = useState(pair.a.id);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [result, setResult] = useState<Merge | null>(null);
  const [undone, setUndone] = useState(false);
  const survivor = survivorId === pair.a.id ? pair.a : pair.b;
  const loser = survivorId === pair.a.id ? pair.b : pair.a;
  const fields = differing(survivor, loser);
  const label = (f: string) => fieldLabel(f, (k) => byKey.get(k)?.label);
  const merge = useMutation({
    mutationFn: () => {
      const picked = Object.fromEntries(Object.entries(choices).filter(([f]) => fields.includes(f)));
      const body: MergeBody = {
        survivorId: survivor.id,
        loserId: loser.id,
        pairId: pair.id,
        choices: picked,
      };
      return unwrap(api.POST('/api/v1/duplicates/merge', { body }));
    },
    onSuccess: async (m) => {
      setResult(m);
      for (const id of [m.survivorId, m.loserId]) {
        await queryClient.invalidateQueries({ queryKey: ['candidate', id] });
        await queryClient.invalidateQueries({ queryKey: ['activities', id] });
        await queryClient.invalidateQueries({ queryKey: ['merges', id] });
      }
      await queryClient.invalidateQueries({ queryKey: ['candidates'] });
      onMerged();
    },
  });
  const undo = useUndoMerge(() => setUndone(true));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    merge.mutate();
  };
  const choiceOf = (f: string): Choice => choices[f] ?? (LIST_FIELDS.has(f) ? 'both' : 'survivor');

  if (result)
    return (
      <Dialog title={undone ? 'Merge undone' : 'Merged'} onClose={onClose} wide>
        {undone ? (
          <Notice tone="success">
            The merge is undone: {loser.name} and {survivor.name} are separate records again, and the pair is
            back in the queue.
          </Notice>
        ) : (
          <Notice tone="success">
            {loser.name} was merged into {survivor.name}.{' '}
            {result.fields.length
              ? `Fields changed: ${result.fields.map(label).join(', ')}.`
              : 'No field of the survivor changed.'}{' '}
            Moved: {result.moved.activities} activities, {result.moved.consents} consents,{' '}
            {result.moved.poolMembers} pool memberships.
          </Notice>
        )}
        <ErrorAlert error={undo.error} />
        <div className="form-actions form-actions-wrap">
          {undone ? null : (
            <button
              type="button"
              className="button"
              onClick={() => undo.mutate(result.id)}
              disabled={undo.isPending}
            >
              {undo.isPending ? 'Undoing…' : 'Undo merge'}
            </button>
          )}
          <Link to="/candidates/$id" params={{ id: result.survivorId }} className="button">
            Open {survivor.name}
          </Link>
          {/* biome-ignore lint/a11y/noAutofocus: the dialog's main action after a merge is to go on reviewing */}
          <button type="button" className="button button-primary" onClick={onClose} autoFocus>
            Back to the queue
          </button>
        </div>
      </Dialog>
    );

  return (
    <Dialog title="Merge these records" onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={merge.error} />
        <fieldset className="plain-fieldset">
          <legend className="subheading">Which record survives?</legend>
          <p className="muted small">
            The other becomes a pointer to it; its timeline, consents and pools move over. You can undo the
            merge.
          </p>
          <div className="choice-row">
            {[pair.a, pair.b].map((c) => (
              <label key={c.id}>
                <input
                  type="radio"
                  name={survivorName}
                  checked={survivorId === c.id}
                  onChange={() => {
                    setSurvivorId(c.id);
                    setChoices({});
                  }}
                />
                {c.name}{' '}
                <span className="muted small">(created {new Date(c.createdAt).toLocaleDateString()})</span>
              </label>
            ))}
          </div>
        </fieldset>
        <h3 className="subheading">Values that differ</h3>
        {fields.length === 0 ? (
          <p className="muted">
            No field holds two different values: empty fields of the survivor are filled from the other
            record.
          </p>
        ) : (
          fields.map((f) => (
            <FieldChoice
              key={`${survivorId}-${f}`}
              label={label(f)}
              list={LIST_FIELDS.has(f)}
              survivorValue={showField(survivor, f)}
              loserValue={showField(loser, f)}
              value={choiceOf(f)}
              onChange={(v) => setChoices((c) => ({ ...c, [f]: v }))}
            />
          ))
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={merge.isPending}>
            {merge.isPending ? 'Merging…' : `Merge into ${survivor.name}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function FieldChoice({
  label,
  list,
  survivorValue,
  loserValue,
  value,
  onChange,
}: {
  label: string;
  list: boolean;
  survivorValue: string;
  loserValue: string;
  value: Choice;
  onChange: (v: Choice) => void;
}) {
  const name = useId();
  const options: { v: Choice; text: string }[] = [
    { v: 'survivor', text: survivorValue },
    { v: 'loser', text: loserValue },
    ...(list ? [{ v: 'both' as Choice, text: 'Keep both' }] : []),
  ];
  return (
    <fieldset className="plain-fieldset">
      <legend>
        <strong>{label}</strong>
      </legend>
      <div className="choice-row">
        {options.map((o) => (
          <label key={o.v}>
            <input type="radio" name={name} checked={value === o.v} onChange={() => onChange(o.v)} />
            {o.text}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
