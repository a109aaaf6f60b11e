import './extra.css';

/** A labelled progress bar (role progressbar): `percent` 0-100, or indeterminate when null. */
export function ProgressBar({ label, percent }: { label: string; percent: number | null }) {
  const value = percent === null ? null : Math.max(0, Math.min(100, percent));
  return (
    <div
      className={value === null ? 'progress progress-indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value ?? undefined}
      aria-valuetext={value === null ? 'working' : `${value}%`}
    >
      <div className="progress-fill" style={value === null ? undefined : { width: `${value}%` }} />
    </div>
  );
}

/** The numbered steps of a wizard; the current one is marked for screen readers. */
export function Steps({ steps, current }: { steps: string[]; current: number }) {
  return (
    <ol className="steps" aria-label="Steps">
      {steps.map((s, i) => (
        <li
          key={s}
          className={i === current ? 'step step-current' : i < current ? 'step step-done' : 'step'}
          aria-current={i === current ? 'step' : undefined}
        >
          <span className="step-number" aria-hidden="true">
            {i + 1}
          </span>
          {s}
        </li>
      ))}
    </ol>
  );
}
