import { useId } from 'react';
import './charts.css';

export interface Bar {
  label: string;
  value: number;
  /** Shown after the value, e.g. "42% of sent". */
  note?: string | undefined;
}

interface Props {
  title: string;
  bars: Bar[];
  /** A funnel: bars centred, each labelled with its share of the first. */
  funnel?: boolean;
  /** How values read in text, e.g. (v) => `${v}%`. */
  format?: (v: number) => string;
  /** Fixed scale maximum (default: the largest value). */
  max?: number;
}

const ROW = 30;
const LABEL_W = 150;
const VALUE_W = 120;
const WIDTH = 560;

/**
 * A small horizontal bar (or funnel) chart in plain SVG. Accessible: the SVG is an image named by the title
 * whose description lists every value, and the same values are in a table below (collapsed by default).
 */
export function BarChart({ title, bars, funnel, format = (v) => v.toLocaleString(), max }: Props) {
  const id = useId();
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  const first = bars[0]?.value ?? 0;
  const plot = WIDTH - LABEL_W - VALUE_W;
  const share = (v: number) => (first > 0 ? `${Math.round((v / first) * 100)}%` : '—');
  const text = (b: Bar) =>
    `${b.label}: ${format(b.value)}${funnel && b !== bars[0] ? ` (${share(b.value)} of ${bars[0]?.label})` : ''}${b.note ? `, ${b.note}` : ''}`;
  const height = bars.length * ROW + 8;
  return (
    <figure className="chart">
      <figcaption className="chart-title" id={`${id}-title`}>
        {title}
      </figcaption>
      <svg
        role="img"
        aria-labelledby={`${id}-svg-title`}
        aria-describedby={`${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        className="chart-svg"
      >
        <title id={`${id}-svg-title`}>{title}</title>
        <desc id={`${id}-desc`}>{bars.map(text).join('; ')}</desc>
        {bars.map((b, i) => {
          const w = Math.max(b.value > 0 ? 2 : 0, (b.value / top) * plot);
          const x = funnel ? LABEL_W + (plot - w) / 2 : LABEL_W;
          const y = i * ROW + 4;
          return (
            <g key={b.label}>
              <text
                x={LABEL_W - 8}
                y={y + ROW / 2}
                className="chart-label"
                textAnchor="end"
                dominantBaseline="middle"
              >
                {b.label}
              </text>
              <rect x={LABEL_W} y={y + 3} width={plot} height={ROW - 8} className="chart-track" rx={3} />
              <rect
                x={x}
                y={y + 3}
                width={w}
                height={ROW - 8}
                className={`chart-bar chart-bar-${i % 6}`}
                rx={3}
              />
              <text x={LABEL_W + plot + 8} y={y + ROW / 2} className="chart-value" dominantBaseline="middle">
                {format(b.value)}
                {funnel && i > 0 ? ` · ${share(b.value)}` : ''}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="chart-data">
        <summary>Show as table</summary>
        <table className="table table-compact">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Value</th>
              {funnel ? <th scope="col">Of {bars[0]?.label ?? 'first'}</th> : null}
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td>
                  {format(b.value)}
                  {b.note ? <span className="muted small"> {b.note}</span> : null}
                </td>
                {funnel ? <td>{share(b.value)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
