import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { useSession } from '../../auth/session';
import { ErrorAlert, Notice } from '../../components/Alert';
import { CheckboxGroup, TextField } from '../../components/Field';
import { userDirectoryQuery } from '../candidates/queries';
import { senderProfileQuery } from './queries';
import './outreach.css';

type Profile = components['schemas']['OutreachSenderProfile'];

/** /outreach/sender: your title for {{ sender.title }}, and the colleagues who may send on your behalf. */
export function SenderProfile() {
  const profile = useQuery(senderProfileQuery);
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/sequences">Sequences</Link> <span aria-hidden="true">›</span> My sender profile
      </nav>
      <header className="page-header">
        <div>
          <h1>My sender profile</h1>
          <p className="muted">How you sign your outreach, and who may send in your name.</p>
        </div>
      </header>
      <ErrorAlert error={profile.error} />
      {profile.data ? <ProfileForm key={JSON.stringify(profile.data)} profile={profile.data} /> : null}
    </div>
  );
}

function ProfileForm({ profile }: { profile: Profile }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const directory = useQuery(userDirectoryQuery);
  const [title, setTitle] = useState(profile.title);
  const [delegates, setDelegates] = useState(profile.delegates.map((d) => d.id));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PUT('/api/v1/outreach/senders/me', { body: { title: title.trim(), delegates } })),
    onSuccess: (p) => {
      setSaved(true);
      queryClient.setQueryData(['outreach-sender-me'], p);
    },
  });
  const errors = fieldErrorsOf(save.error);
  const colleagues = (directory.data?.items ?? []).filter((u) => u.id !== session.user.id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <>
      <form onSubmit={submit} noValidate className="panel">
        <ErrorAlert error={save.error} fields={['title', ...delegates.map((_, i) => `delegates.${i}`)]} />
        {saved && !save.error ? <Notice tone="success">Sender profile saved.</Notice> : null}
        <TextField
          label="Title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={errors.title}
          hint="Fills {{ sender.title }} in templates, e.g. Lead Recruiter."
        />
        <CheckboxGroup
          legend="Colleagues who may send on my behalf"
          columns
          options={colleagues.map((u) => ({ value: u.id, label: u.name }))}
          value={delegates}
          onChange={setDelegates}
          error={Object.entries(errors).find(([k]) => k.startsWith('delegates'))?.[1]}
        />
        {colleagues.length === 0 ? <p className="muted small">No colleagues in this workspace yet.</p> : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save profile'}
          </button>
        </div>
      </form>
      <section className="panel" aria-labelledby="act-for">
        <h2 id="act-for" className="subheading">
          I may send on behalf of
        </h2>
        {profile.mayActFor.length ? (
          <ul className="plain-list">
            {profile.mayActFor.map((u) => (
              <li key={u.id}>{u.name}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">Nobody has allowed you yet.</p>
        )}
      </section>
    </>
  );
}
