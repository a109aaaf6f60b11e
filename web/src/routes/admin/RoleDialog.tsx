import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { Role } from '../../api/types';
import { ErrorAlert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { PermissionPicker } from './PermissionPicker';

/** Create a custom role (role = null), edit a custom one, or view a built-in one read-only. */
interface Props {
  role: Role | null;
  readOnly: boolean;
  onClose: () => void;
}

export function RoleDialog({ role, readOnly, onClose }: Props) {
  const queryClient = useQueryClient();
  const [key, setKey] = useState(role?.key ?? '');
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [permissions, setPermissions] = useState<string[]>(role?.permissions ?? []);

  const save = useMutation({
    mutationFn: () =>
      role
        ? unwrap(
            api.PATCH('/api/v1/roles/{id}', {
              params: { path: { id: role.id } },
              body: { name: name.trim(), description: description.trim(), permissions },
            }),
          )
        : unwrap(
            api.POST('/api/v1/roles', {
              body: { key: key.trim(), name: name.trim(), description: description.trim(), permissions },
            }),
          ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['roles'] });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!readOnly) save.mutate();
  };
  const title = role ? (readOnly ? `Role ${role.name}` : `Edit ${role.name}`) : 'New role';

  return (
    <Dialog title={title} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={save.error} fields={['key', 'name', 'description', 'permissions']} />
        {role?.builtin ? (
          <p className="alert alert-info">
            Built-in roles cannot be changed. Create a custom role to hold a different set.
          </p>
        ) : null}
        <div className="form-row">
          <TextField
            label="Key"
            required
            value={key}
            onChange={(e) => setKey(e.target.value)}
            disabled={!!role}
            error={errors.key}
            hint={
              role
                ? 'The key cannot change.'
                : 'Lowercase letters, digits and underscores, e.g. agency_sourcer.'
            }
            autoFocus={!role}
          />
          <TextField
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            disabled={readOnly}
            error={errors.name}
          />
        </div>
        <TextField
          label="Description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          disabled={readOnly}
          error={errors.description}
        />
        <h3 className="subheading">Permissions</h3>
        <fieldset disabled={readOnly} className="plain-fieldset">
          <PermissionPicker value={permissions} onChange={setPermissions} error={errors.permissions} />
        </fieldset>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {readOnly ? 'Close' : 'Cancel'}
          </button>
          {readOnly ? null : (
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : role ? 'Save' : 'Create role'}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
