type Obj = { [key: string]: unknown } | null;
type Change = 'added' | 'removed' | 'changed' | 'same';

function show(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 2);
}

function changeOf(before: Obj, after: Obj, key: string): Change {
  const inB = !!before && key in before;
  const inA = !!after && key in after;
  if (!inB) return 'added';
  if (!inA) return 'removed';
  return JSON.stringify(before[key]) === JSON.stringify(after[key]) ? 'same' : 'changed';
}

/** Field-by-field comparison of an audit entry's before and after states. */
export function JsonDiff({ before, after }: { before: Obj; after: Obj }) {
  if (!before && !after) return <p className="muted">This entry records no state.</p>;
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  const rows = keys.map((k) => ({ key: k, change: changeOf(before, after, k) }));
  const changed = rows.filter((r) => r.change !== 'same');
  const same = rows.filter((r) => r.change === 'same');
  return (
    <div className="diff">
      <table className="diff-table">
        <caption className="visually-hidden">Changes</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {changed.map(({ key, change }) => (
            <tr key={key} className={`diff-${change}`}>
              <th scope="row">
                {key} <span className="visually-hidden">({change})</span>
              </th>
              <td>
                <pre>{show(before?.[key])}</pre>
              </td>
              <td>
                <pre>{show(after?.[key])}</pre>
              </td>
            </tr>
          ))}
          {changed.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                No field changed.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {same.length ? (
        <details className="diff-same">
          <summary>
            {same.length} unchanged field{same.length === 1 ? '' : 's'}
          </summary>
          <dl>
            {same.map(({ key }) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>
                  <pre>{show(after?.[key])}</pre>
                </dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </div>
  );
}
