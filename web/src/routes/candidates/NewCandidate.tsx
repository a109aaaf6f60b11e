import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useRef } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { CandidateForm } from './form/CandidateForm';
import { FormProblem } from './form/FormProblem';
import { buildBody, emptyForm, type FormState, type IndexMaps, translateErrors } from './form/formState';
import { customFieldsQuery } from './queries';

/** /candidates/new: the create form; on success the new candidate's page. */
export function NewCandidate() {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fields = useQuery(customFieldsQuery);
  const maps = useRef<IndexMaps | null>(null);
  const defs = fields.data?.items ?? [];

  const create = useMutation({
    mutationFn: (f: FormState) => {
      const { body, maps: m } = buildBody(f, defs);
      maps.current = m;
      return unwrap(api.POST('/api/v1/candidates', { body }));
    },
    onSuccess: async (c) => {
      queryClient.setQueryData(['candidate', c.id], c);
      await queryClient.invalidateQueries({ queryKey: ['candidates'] });
      await navigate({ to: '/candidates/$id', params: { id: c.id } });
    },
    onError: () => window.scrollTo({ top: 0 }),
  });
  const errors = maps.current ? translateErrors(fieldErrorsOf(create.error), maps.current) : {};

  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link to="/candidates">Candidates</Link> <span aria-hidden="true">›</span> New
      </nav>
      <header className="page-header">
        <div>
          <h1>New candidate</h1>
          <p className="muted">
            Only the first name is required. Emails, phones and links are normalised when saved.
          </p>
        </div>
      </header>
      <ErrorAlert error={fields.error} />
      {fields.isPending ? (
        <p className="muted">Loading the form…</p>
      ) : (
        <CandidateForm
          initial={emptyForm(session.user.id)}
          defs={defs.filter((d) => !d.retired)}
          errors={errors}
          banner={<FormProblem error={create.error} errors={errors} defs={defs} />}
          pending={create.isPending}
          submitLabel="Create candidate"
          onSubmit={(f) => create.mutate(f)}
          onCancel={() => navigate({ to: '/candidates' })}
        />
      )}
    </div>
  );
}
