import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { SavedSearch, SearchCriteriaBody } from '../../api/types';
import { can, useSession } from '../../auth/session';
import { ErrorAlert, Notice } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { Checkbox, TextField } from '../../components/Field';
import { savedSearchesQuery, useUsers } from './queries';

/** A disclosure menu of my saved searches and the team's; choosing one applies it. */
export function SavedSearchMenu({ onApply }: { onApply: (s: SavedSearch) => void }) {
  const session = useSession();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const list = useQuery({ ...savedSearchesQuery(false), enabled: open });
  const { nameOf } = useUsers();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/saved-searches/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['saved-searches'] }),
  });

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const items = list.data?.items ?? [];
  return (
    <div className="menu" ref={ref}>
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls="saved-search-list"
        onClick={() => setOpen((o) => !o)}
      >
        Saved searches <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div className="menu-list" id="saved-search-list">
          <ErrorAlert error={list.error ?? remove.error} />
          {list.isPending ? <p className="muted small menu-note">Loading…</p> : null}
          {!list.isPending && items.length === 0 ? (
            <p className="muted small menu-note">No saved searches yet. Run a search, then “Save search”.</p>
          ) : null}
          <ul>
            {items.map((s) => (
              <li key={s.id} className="menu-item">
                <button
                  type="button"
                  className="menu-choice"
                  onClick={() => {
                    setOpen(false);
                    onApply(s);
                  }}
                >
                  <span>{s.name}</span>
                  <span className="muted small">
                    {s.visibility === 'team'
                      ? `Team${s.ownerId === session.user.id ? '' : ` · ${nameOf(s.ownerId)}`}`
                      : 'Private'}
                  </span>
                </button>
                {s.ownerId === session.user.id ? (
                  <button
                    type="button"
                    className="icon-button small"
                    aria-label={`Delete saved search ${s.name}`}
                    onClick={() => remove.mutate(s.id)}
                  >
                    ×
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Save the current search by name, private or shared with the team, optionally as a segment. */
export function SaveSearchDialog({
  criteria,
  onClose,
  segment = false,
}: {
  criteria: SearchCriteriaBody;
  onClose: () => void;
  segment?: boolean;
}) {
  const session = useSession();
  const mayShare = can(session, 'pools:write');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [team, setTeam] = useState(segment);
  // A segment cannot be based on another segment (the server refuses criteria.segment for one).
  const onSegment = Boolean(criteria.segment);
  const [isSegment, setIsSegment] = useState(segment && !onSegment);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/saved-searches', {
          body: {
            name: name.trim(),
            description: description.trim(),
            visibility: team || isSegment ? 'team' : 'private',
            isSegment,
            criteria,
          },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['saved-searches'] }),
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  if (save.data) {
    return (
      <Dialog
        title="Search saved"
        onClose={onClose}
        footer={
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        }
      >
        <Notice tone="success">
          “{save.data.name}” is saved{save.data.isSegment ? ' as a segment' : ''}
          {save.data.visibility === 'team' ? ' and shared with the team' : ''}.
        </Notice>
      </Dialog>
    );
  }

  return (
    <Dialog title={segment ? 'Save as segment' : 'Save search'} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={save.error} fields={['name', 'description', 'criteria.segment']} />
        <TextField
          label="Name"
          required
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <TextField
          label="Description (optional)"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={errors.description}
        />
        {mayShare ? (
          <fieldset className="checkbox-group">
            <legend>Sharing</legend>
            <Checkbox
              label="Share with the team"
              description="Everyone in the workspace can apply it; only you can change it."
              checked={team || isSegment}
              onChange={setTeam}
            />
            <Checkbox
              label="Show as a segment"
              description={
                onSegment
                  ? 'Not for a search within a segment: a segment cannot rest on another one. Remove the segment filter and add its rules instead.'
                  : 'A dynamic group on the Segments page: membership is computed on every read.'
              }
              checked={isSegment}
              disabled={onSegment}
              onChange={setIsSegment}
            />
            {errors['criteria.segment'] ? <p className="field-error">{errors['criteria.segment']}</p> : null}
          </fieldset>
        ) : (
          <p className="muted small">
            Saved privately. Sharing with the team needs the pools:write permission.
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
