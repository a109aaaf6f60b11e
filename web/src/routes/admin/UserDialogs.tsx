import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { User } from '../../api/types';
import { ErrorAlert, Notice } from '../../components/Alert';
import { CopyField } from '../../components/CopyField';
import { Dialog } from '../../components/Dialog';
import { Checkbox, CheckboxGroup, TextField } from '../../components/Field';
import { rolesQuery } from './queries';

function useRoleOptions() {
  const roles = useQuery(rolesQuery);
  return {
    error: roles.error,
    options: (roles.data?.items ?? []).map((r) => ({
      value: r.id,
      label: r.name,
      description: r.description,
    })),
  };
}

export function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const roles = useRoleOptions();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [password, setPassword] = useState('');

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/users', {
          body: { email: email.trim(), name: name.trim(), roleIds, ...(password ? { password } : {}) },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  if (create.data) {
    const { user, initialPassword } = create.data;
    return (
      <Dialog
        title="User created"
        onClose={onClose}
        footer={
          <button type="button" className="button button-primary" onClick={onClose}>
            Done
          </button>
        }
      >
        <Notice tone="success">
          {user.name} ({user.email}) can now sign in.
        </Notice>
        {initialPassword ? (
          <>
            <p>
              <strong>This password is shown only once.</strong> Give it to {user.name} through a safe
              channel; they should change it after signing in.
            </p>
            <CopyField label="Initial password" value={initialPassword} />
          </>
        ) : null}
      </Dialog>
    );
  }

  return (
    <Dialog title="New user" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={create.error} fields={['email', 'name', 'roleIds', 'password']} />
        <TextField
          label="Email"
          type="email"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
        />
        <TextField
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <ErrorAlert error={roles.error} />
        <CheckboxGroup
          legend="Roles"
          options={roles.options}
          value={roleIds}
          onChange={setRoleIds}
          error={errors.roleIds}
        />
        <TextField
          label="Password (optional)"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          hint="Leave empty to generate one; it is shown once after creation."
        />
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create user'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function EditUserDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const queryClient = useQueryClient();
  const roles = useRoleOptions();
  const [name, setName] = useState(user.name);
  const [roleIds, setRoleIds] = useState(user.roles.map((r) => r.id));
  const [active, setActive] = useState(user.status === 'active');

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { name: name.trim(), roleIds, status: active ? 'active' : 'disabled' },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      await queryClient.invalidateQueries({ queryKey: ['roles'] });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <Dialog title={`Edit ${user.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={save.error} fields={['name', 'roleIds', 'status']} />
        <p className="muted">{user.email}</p>
        <TextField
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <CheckboxGroup
          legend="Roles"
          options={roles.options}
          value={roleIds}
          onChange={setRoleIds}
          error={errors.roleIds}
        />
        <fieldset className="checkbox-group">
          <legend>Access</legend>
          <Checkbox
            label="Disabled"
            description="A disabled user cannot sign in and their API tokens stop working."
            checked={!active}
            onChange={(on) => setActive(!on)}
          />
          {errors.status ? <p className="field-error">{errors.status}</p> : null}
        </fieldset>
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
