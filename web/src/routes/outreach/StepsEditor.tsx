import { Link } from '@tanstack/react-router';
import type { DelayUnit, StepKind, Template } from './queries';
import { delayText, STEP_KINDS, templateKindLabel, templateKindOfStep } from './queries';

export interface StepForm {
  key: string;
  id?: string | undefined;
  kind: StepKind;
  amount: string;
  unit: DelayUnit;
  variants: string[];
}

const LABELS = ['A', 'B', 'C', 'D', 'E'];
let seq = 0;
export const newKey = () => `step-${++seq}`;

/** The ordered steps of a sequence: kind, delay, and one template per A/B variant; move, add, remove. */
export function StepsEditor({
  steps,
  onChange,
  templates,
  errors,
  disabled,
}: {
  steps: StepForm[];
  onChange: (next: StepForm[]) => void;
  templates: Template[];
  errors: Record<string, string>;
  disabled: boolean;
}) {
  const set = (i: number, patch: Partial<StepForm>) =>
    onChange(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: number) => {
    const next = [...steps];
    const [s] = next.splice(i, 1);
    if (s) next.splice(i + by, 0, s);
    onChange(next);
  };
  const add = () =>
    onChange([
      ...steps,
      {
        key: newKey(),
        kind: steps.length ? 'reply_email' : 'email',
        amount: steps.length ? '2' : '0',
        unit: steps.length ? 'business_days' : 'hours',
        variants: [''],
      },
    ]);

  return (
    <fieldset className="plain-fieldset steps-editor">
      <legend className="form-section-title">Steps</legend>
      {errors.steps ? <p className="field-error">{errors.steps}</p> : null}
      <ol className="step-cards">
        {steps.map((s, i) => {
          const n = i + 1;
          const choices = templates.filter((t) => t.kind === templateKindOfStep(s.kind) && !t.archived);
          const amount = Number(s.amount);
          return (
            <li key={s.key} className="step-card" aria-label={`Step ${n}`}>
              <div className="step-card-head">
                <span className="step-number" aria-hidden="true">
                  {n}
                </span>
                <div className="field">
                  <label htmlFor={`${s.key}-kind`}>Kind (step {n})</label>
                  <select
                    id={`${s.key}-kind`}
                    value={s.kind}
                    disabled={disabled}
                    aria-invalid={errors[`steps.${i}.kind`] ? true : undefined}
                    onChange={(e) => set(i, { kind: e.target.value as StepKind })}
                  >
                    {STEP_KINDS.map((k) => (
                      <option key={k.value} value={k.value}>
                        {k.label}
                      </option>
                    ))}
                  </select>
                  {errors[`steps.${i}.kind`] ? (
                    <p className="field-error">{errors[`steps.${i}.kind`]}</p>
                  ) : null}
                </div>
                <div
                  className={`field delay-field${errors[`steps.${i}.delay.amount`] ? ' field-invalid' : ''}`}
                >
                  <label htmlFor={`${s.key}-amount`}>Wait (step {n})</label>
                  <div className="inline-inputs">
                    <input
                      id={`${s.key}-amount`}
                      type="number"
                      min={0}
                      inputMode="numeric"
                      value={s.amount}
                      disabled={disabled}
                      onChange={(e) => set(i, { amount: e.target.value })}
                    />
                    <select
                      aria-label={`Delay unit (step ${n})`}
                      value={s.unit}
                      disabled={disabled}
                      onChange={(e) => set(i, { unit: e.target.value as DelayUnit })}
                    >
                      <option value="hours">hours</option>
                      <option value="business_days">business days</option>
                    </select>
                  </div>
                  <p className="field-hint">
                    {Number.isFinite(amount) ? delayText({ amount, unit: s.unit }, i === 0) : ''}
                  </p>
                  {errors[`steps.${i}.delay.amount`] ? (
                    <p className="field-error">{errors[`steps.${i}.delay.amount`]}</p>
                  ) : null}
                </div>
                {!disabled ? (
                  <div className="step-tools">
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move step ${n} up`}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move step ${n} down`}
                      disabled={i === steps.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove step ${n}`}
                      onClick={() => onChange(steps.filter((_, j) => j !== i))}
                    >
                      ×
                    </button>
                  </div>
                ) : null}
              </div>
              <div className="variants">
                {s.variants.map((v, j) => {
                  const err = errors[`steps.${i}.variants.${j}.templateId`];
                  const label = LABELS[j] ?? String(j + 1);
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a variant is its position (A, B, …)
                    <div key={j} className={`variant-row${err ? ' field-invalid' : ''}`}>
                      <label className="variant-label" htmlFor={`${s.key}-v${j}`}>
                        {s.variants.length > 1 ? `Variant ${label}` : 'Template'}
                        <span className="visually-hidden"> (step {n})</span>
                      </label>
                      <select
                        id={`${s.key}-v${j}`}
                        value={v}
                        disabled={disabled}
                        aria-invalid={err ? true : undefined}
                        onChange={(e) =>
                          set(i, { variants: s.variants.map((x, k) => (k === j ? e.target.value : x)) })
                        }
                      >
                        <option value="">
                          Choose a {templateKindLabel(templateKindOfStep(s.kind))} template…
                        </option>
                        {choices.map((t) => (
                          <option key={t.id} value={t.id}>
                            {t.name}
                            {t.shared ? '' : ' (yours)'}
                          </option>
                        ))}
                      </select>
                      {v ? (
                        <Link to="/templates/$id" params={{ id: v }} className="button button-small">
                          Open<span className="visually-hidden"> template of step {n}</span>
                        </Link>
                      ) : null}
                      {s.variants.length > 1 && !disabled ? (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => set(i, { variants: s.variants.filter((_, k) => k !== j) })}
                        >
                          Remove
                          <span className="visually-hidden">
                            {' '}
                            variant {label} of step {n}
                          </span>
                        </button>
                      ) : null}
                      {err ? <p className="field-error">{err}</p> : null}
                    </div>
                  );
                })}
                {s.variants.length < 5 && !disabled ? (
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => set(i, { variants: [...s.variants, ''] })}
                  >
                    Add A/B variant<span className="visually-hidden"> to step {n}</span>
                  </button>
                ) : null}
                {s.variants.length > 1 ? (
                  <p className="muted small">Each candidate gets one variant; the split is even.</p>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      {!disabled ? (
        <button type="button" className="button" onClick={add}>
          Add step
        </button>
      ) : null}
    </fieldset>
  );
}
