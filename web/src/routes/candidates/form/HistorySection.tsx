import { useId } from 'react';
import { Checkbox, TextField } from '../../../components/Field';
import { TextAreaField } from '../../../components/TextAreaField';
import { type EducationRow, EMPTY_EDUCATION, EMPTY_WORK, type FormState, type WorkRow } from './formState';
import { Repeat } from './Repeat';

interface Props {
  f: FormState;
  set: (patch: Partial<FormState>) => void;
  errors: Record<string, string>;
}

const DATE_HINT = 'YYYY, YYYY-MM or YYYY-MM-DD';

/** Work history and education as repeatable groups. */
export function HistorySection({ f, set, errors }: Props) {
  const id = useId();
  const err = (list: string, i: number, field: string) => errors[`${list}.${i}.${field}`];
  return (
    <section className="form-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="form-section-title">
        Experience and education
      </h2>
      <Repeat<WorkRow>
        legend="Work history"
        noun="position"
        className="repeat-cards"
        rows={f.work}
        onChange={(work) => set({ work })}
        blank={EMPTY_WORK}
        render={(w, i, setW) => (
          <>
            <div className="form-row">
              <TextField
                label={`Title (position ${i + 1})`}
                value={w.title}
                onChange={(e) => setW({ title: e.target.value })}
                error={err('work', i, 'title')}
              />
              <TextField
                label={`Company (position ${i + 1})`}
                value={w.company}
                onChange={(e) => setW({ company: e.target.value })}
                error={err('work', i, 'company')}
              />
            </div>
            <div className="form-row">
              <TextField
                label={`Start (position ${i + 1})`}
                placeholder={DATE_HINT}
                value={w.startDate}
                onChange={(e) => setW({ startDate: e.target.value })}
                error={err('work', i, 'startDate')}
              />
              <TextField
                label={`End (position ${i + 1})`}
                placeholder={DATE_HINT}
                value={w.current ? '' : w.endDate}
                disabled={w.current}
                onChange={(e) => setW({ endDate: e.target.value })}
                error={err('work', i, 'endDate')}
              />
              <div className="field field-check">
                <Checkbox
                  label={`Current role (position ${i + 1})`}
                  checked={w.current}
                  onChange={(current) => setW({ current })}
                />
              </div>
            </div>
            <TextAreaField
              label={`Summary (position ${i + 1})`}
              value={w.summary}
              onChange={(summary) => setW({ summary })}
              error={err('work', i, 'summary')}
            />
          </>
        )}
        error={errors.work}
      />
      <Repeat<EducationRow>
        legend="Education"
        noun="school"
        className="repeat-cards"
        rows={f.education}
        onChange={(education) => set({ education })}
        blank={EMPTY_EDUCATION}
        render={(e, i, setE) => (
          <>
            <div className="form-row">
              <TextField
                label={`Institution (school ${i + 1})`}
                value={e.institution}
                onChange={(x) => setE({ institution: x.target.value })}
                error={err('education', i, 'institution')}
              />
              <TextField
                label={`Field of study (school ${i + 1})`}
                value={e.area}
                onChange={(x) => setE({ area: x.target.value })}
                error={err('education', i, 'area')}
              />
              <TextField
                label={`Degree (school ${i + 1})`}
                value={e.studyType}
                onChange={(x) => setE({ studyType: x.target.value })}
                error={err('education', i, 'studyType')}
              />
            </div>
            <div className="form-row">
              <TextField
                label={`Start (school ${i + 1})`}
                placeholder={DATE_HINT}
                value={e.startDate}
                onChange={(x) => setE({ startDate: x.target.value })}
                error={err('education', i, 'startDate')}
              />
              <TextField
                label={`End (school ${i + 1})`}
                placeholder={DATE_HINT}
                value={e.endDate}
                onChange={(x) => setE({ endDate: x.target.value })}
                error={err('education', i, 'endDate')}
              />
            </div>
          </>
        )}
        error={errors.education}
      />
    </section>
  );
}
