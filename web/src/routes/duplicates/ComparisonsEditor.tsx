import type { Dispatch, SetStateAction } from 'react';
import type { MatchRules } from '../../api/types';
import { TextField } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { num, RemoveRow } from './RulesParts';

type Comparison = MatchRules['comparisons'][number];
const COMPARATORS: Comparison['comparator'][] = [
  'name',
  'jaro_winkler',
  'phonetic',
  'text',
  'exact',
  'date',
  'code',
];
const BLOCKS: { value: Comparison['block']; label: string }[] = [
  { value: 'none', label: 'No' },
  { value: 'value', label: 'The value' },
  { value: 'value_initial', label: 'Value + family initial' },
];
/** A comparison as edited: m and u kept as typed. */
export type ComparisonRow = Comparison & { mText: string; uText: string };

/** The scored comparisons of the rules: field, comparator, m and u (with the weight agreement adds), block. */
export function ComparisonsEditor({
  rows,
  setRows,
  errors,
  readOnly,
}: {
  rows: ComparisonRow[];
  setRows: Dispatch<SetStateAction<ComparisonRow[]>>;
  errors: Record<string, string>;
  readOnly: boolean;
}) {
  const setComparison = (i: number, patch: Partial<ComparisonRow>) =>
    setRows((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <fieldset className="plain-fieldset">
      <legend className="subheading">Scored comparisons</legend>
      <p className="muted small">
        Fields: firstName, lastName, headline, city, region, country, company, title, or
        customFields.&lt;key&gt;.
      </p>
      {rows.map((c, i) => {
        const m = num(c.mText);
        const u = num(c.uText);
        const w = m > 0 && u > 0 && m < 1 && u < 1 ? Math.log2(m / u) : null;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; their position is their identity
          <div className="rules-row" key={i}>
            <TextField
              label={`Comparison ${i + 1}: field`}
              value={c.field}
              readOnly={readOnly}
              onChange={(e) => setComparison(i, { field: e.target.value })}
              error={errors[`comparisons.${i}.field`]}
            />
            <SelectField
              label={`Comparison ${i + 1}: comparator`}
              value={c.comparator}
              disabled={readOnly}
              onChange={(v) => setComparison(i, { comparator: v as Comparison['comparator'] })}
              options={COMPARATORS.map((x) => ({ value: x, label: x.replace('_', '-') }))}
              error={errors[`comparisons.${i}.comparator`]}
            />
            <TextField
              label={`Comparison ${i + 1}: m`}
              inputMode="decimal"
              value={c.mText}
              readOnly={readOnly}
              onChange={(e) => setComparison(i, { mText: e.target.value })}
              error={errors[`comparisons.${i}.m`]}
              hint={w === null ? undefined : `agreement adds ${w.toFixed(1)}`}
            />
            <TextField
              label={`Comparison ${i + 1}: u`}
              inputMode="decimal"
              value={c.uText}
              readOnly={readOnly}
              onChange={(e) => setComparison(i, { uText: e.target.value })}
              error={errors[`comparisons.${i}.u`]}
            />
            <SelectField
              label={`Comparison ${i + 1}: blocking key`}
              value={c.block}
              disabled={readOnly}
              onChange={(v) => setComparison(i, { block: v as Comparison['block'] })}
              options={BLOCKS}
              error={errors[`comparisons.${i}.block`]}
            />
            {readOnly ? null : (
              <RemoveRow
                what={`comparison ${i + 1}`}
                onRemove={() => setRows((cs) => cs.filter((_, j) => j !== i))}
              />
            )}
          </div>
        );
      })}
      {readOnly ? null : (
        <button
          type="button"
          className="button button-small"
          onClick={() =>
            setRows((cs) => [
              ...cs,
              {
                field: '',
                comparator: 'text',
                m: 0.9,
                u: 0.01,
                block: 'none',
                mText: '0.9',
                uText: '0.01',
              },
            ])
          }
        >
          Add a comparison
        </button>
      )}
    </fieldset>
  );
}
