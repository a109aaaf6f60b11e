import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorAlert } from '../../components/Alert';
import { CopyField } from '../../components/CopyField';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { formatDate } from '../../components/format';
import { PermissionPicker } from './PermissionPicker';

export function CreateTokenDialog({ onClose }: { onClose: () => void }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [days, setDays] = useState('90');

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/api-tokens', { body: { name: name.trim(), scopes, expiresInDays: Number(days) } }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  if (create.data) {
    const { token, secret } = create.data;
    return (
      <Dialog
        title="Token created"
        onClose={onClose}
        footer={
          <button type="button" className="button button-primary" onClick={onClose}>
            I have saved the token
          </button>
        }
      >
        <div className="alert alert-warning" role="status">
          <strong>Copy this token now. It will not be shown again.</strong> Prospector keeps only a hash of
          it; if you lose it, revoke it and create a new one.
        </div>
        <CopyField label={`Secret of ${token.name}`} value={secret} />
        <p className="muted small">
          Send it as <code>Authorization: Bearer &lt;token&gt;</code>. Expires {formatDate(token.expiresAt)}.
        </p>
      </Dialog>
    );
  }

  return (
    <Dialog title="New API token" onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={create.error} fields={['name', 'scopes', 'expiresInDays']} />
        <div className="form-row">
          <TextField
            label="Name"
            required
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
            hint="What uses it, e.g. “nightly HRIS sync”."
          />
          <TextField
            label="Expires in (days)"
            type="number"
            min={1}
            max={365}
            required
            value={days}
            onChange={(e) => setDays(e.target.value)}
            error={errors.expiresInDays}
            hint="1 to 365 days."
          />
        </div>
        <h3 className="subheading">Scopes</h3>
        <p className="muted small">A token can hold only permissions you hold yourself.</p>
        <PermissionPicker
          value={scopes}
          onChange={setScopes}
          error={errors.scopes}
          only={session.permissions}
        />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
