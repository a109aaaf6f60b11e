import { useId } from 'react';
import { TextField } from '../../../components/Field';
import type { EmailRow, FormState, LinkRow, PhoneRow } from './formState';
import { Repeat } from './Repeat';

interface Props {
  f: FormState;
  set: (patch: Partial<FormState>) => void;
  errors: Record<string, string>;
  /** Hidden groups (`emails`, `phones`): the reader may not see them, so they are not offered for editing. */
  redacted: string[];
}

function PrimaryRadio({
  name,
  noun,
  n,
  checked,
  onPick,
}: {
  name: string;
  noun: string;
  n: number;
  checked: boolean;
  onPick: () => void;
}) {
  return (
    <label className="radio primary-radio">
      <input type="radio" name={name} checked={checked} onChange={onPick} />
      Primary
      <span className="visually-hidden">
        {' '}
        {noun} {n}
      </span>
    </label>
  );
}

function pick<T extends { primary: boolean }>(rows: T[], i: number): T[] {
  return rows.map((r, j) => ({ ...r, primary: j === i }));
}

/** Emails and phones (one primary each) and profile links. */
export function ContactSection({ f, set, errors, redacted }: Props) {
  const id = useId();
  const hiddenNote = (what: string) => (
    <p className="muted">
      {what}: <span className="badge">hidden</span> You may not read them, so they stay as they are.
    </p>
  );
  return (
    <section className="form-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="form-section-title">
        Contact
      </h2>
      {redacted.includes('emails') ? (
        hiddenNote('Emails')
      ) : (
        <Repeat<EmailRow>
          legend="Emails"
          noun="email"
          rows={f.emails}
          onChange={(emails) => set({ emails: emails.length === 1 ? pick(emails, 0) : emails })}
          blank={{ address: '', primary: f.emails.length === 0 }}
          render={(row, i, setRow) => (
            <>
              <TextField
                label={`Email address ${i + 1}`}
                type="email"
                value={row.address}
                onChange={(e) => setRow({ address: e.target.value })}
                error={errors[`emails.${i}.address`] ?? errors[`emails.${i}`]}
              />
              <PrimaryRadio
                name={`${id}-email`}
                noun="email"
                n={i + 1}
                checked={row.primary}
                onPick={() => set({ emails: pick(f.emails, i) })}
              />
            </>
          )}
          error={errors.emails}
        />
      )}
      {redacted.includes('phones') ? (
        hiddenNote('Phones')
      ) : (
        <Repeat<PhoneRow>
          legend="Phones"
          noun="phone"
          hint="Numbers without a country code use the candidate's country, else the workspace's default region."
          rows={f.phones}
          onChange={(phones) => set({ phones: phones.length === 1 ? pick(phones, 0) : phones })}
          blank={{ number: '', primary: f.phones.length === 0 }}
          render={(row, i, setRow) => (
            <>
              <TextField
                label={`Phone number ${i + 1}`}
                type="tel"
                value={row.number}
                onChange={(e) => setRow({ number: e.target.value })}
                error={errors[`phones.${i}.number`] ?? errors[`phones.${i}`]}
              />
              <PrimaryRadio
                name={`${id}-phone`}
                noun="phone"
                n={i + 1}
                checked={row.primary}
                onPick={() => set({ phones: pick(f.phones, i) })}
              />
            </>
          )}
          error={errors.phones}
        />
      )}
      <Repeat<LinkRow>
        legend="Links"
        noun="link"
        hint="LinkedIn, GitHub, portfolio… stored in a canonical form."
        rows={f.links}
        onChange={(links) => set({ links })}
        blank={{ url: '' }}
        render={(row, i, setRow) => (
          <TextField
            label={`Link ${i + 1}`}
            type="url"
            value={row.url}
            onChange={(e) => setRow({ url: e.target.value })}
            error={errors[`links.${i}.url`] ?? errors[`links.${i}`]}
          />
        )}
        error={errors.links}
      />
    </section>
  );
}
