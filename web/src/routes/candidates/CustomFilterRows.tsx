import type { CustomField } from '../../api/types';

const OPS_BY_TYPE: Record<CustomField['type'], string[]> = {
  text: ['contains', 'eq'],
  long_text: ['contains', 'eq'],
  url: ['contains', 'eq'],
  email: ['contains', 'eq'],
  number: ['eq', 'gte', 'lte'],
  date: ['eq', 'gte', 'lte'],
  boolean: ['eq'],
  single_select: ['eq'],
  multi_select: ['eq'],
  user: ['eq'],
};
const OP_LABELS: Record<string, string> = { eq: 'is', gte: 'at least', lte: 'at most', contains: 'contains' };

interface Row {
  key: string;
  op: string;
  value: string;
}

function parse(raw: string): Row {
  const [key = '', op = 'eq', ...rest] = raw.split(':');
  return { key, op, value: rest.join(':') };
}

/** Editable custom field filters (`key:op:value`), one row each. */
export function CustomFilterRows({
  value,
  onChange,
  fields,
}: {
  value: string[];
  onChange: (next: string[]) => void;
  fields: CustomField[];
}) {
  const rows = value.map(parse);
  const usable = fields.filter((f) => !f.retired);
  const set = (i: number, patch: Partial<Row>) =>
    onChange(
      rows.map((r, j) => {
        if (j !== i) return `${r.key}:${r.op}:${r.value}`;
        const next = { ...r, ...patch };
        const def = fields.find((f) => f.key === next.key);
        const ops = def ? OPS_BY_TYPE[def.type] : ['eq'];
        if (!ops.includes(next.op)) next.op = ops[0] ?? 'eq';
        return `${next.key}:${next.op}:${next.value}`;
      }),
    );
  if (usable.length === 0) return <p className="muted small">This workspace has no custom fields.</p>;

  return (
    <fieldset className="plain-fieldset">
      <legend className="legend">Custom fields</legend>
      {rows.map((r, i) => {
        const def = fields.find((f) => f.key === r.key);
        const ops = def ? OPS_BY_TYPE[def.type] : ['eq'];
        const n = i + 1;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
          <div className="repeat-row" key={i}>
            <select
              aria-label={`Custom filter ${n} field`}
              value={r.key}
              onChange={(e) => set(i, { key: e.target.value })}
            >
              {usable.map((f) => (
                <option key={f.key} value={f.key}>
                  {f.label}
                </option>
              ))}
            </select>
            <select
              aria-label={`Custom filter ${n} comparison`}
              value={r.op}
              onChange={(e) => set(i, { op: e.target.value })}
            >
              {ops.map((o) => (
                <option key={o} value={o}>
                  {OP_LABELS[o]}
                </option>
              ))}
            </select>
            <CustomFilterValue def={def} n={n} value={r.value} onChange={(v) => set(i, { value: v })} />
            <button
              type="button"
              className="button button-small button-danger-quiet"
              onClick={() => onChange(value.filter((_, j) => j !== i))}
            >
              Remove<span className="visually-hidden"> custom filter {n}</span>
            </button>
          </div>
        );
      })}
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          onChange([...value, `${usable[0]?.key ?? ''}:${OPS_BY_TYPE[usable[0]?.type ?? 'text'][0]}:`])
        }
      >
        Add custom field filter
      </button>
    </fieldset>
  );
}

function CustomFilterValue({
  def,
  n,
  value,
  onChange,
}: {
  def: CustomField | undefined;
  n: number;
  value: string;
  onChange: (v: string) => void;
}) {
  const label = `Custom filter ${n} value`;
  if (def?.type === 'single_select' || def?.type === 'multi_select')
    return (
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {def.options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
            {o.retired ? ' (retired)' : ''}
          </option>
        ))}
      </select>
    );
  if (def?.type === 'boolean')
    return (
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        <option value="true">Yes</option>
        <option value="false">No</option>
      </select>
    );
  return (
    <input
      aria-label={label}
      type={def?.type === 'number' ? 'number' : def?.type === 'date' ? 'date' : 'text'}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
