import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, fieldErrorsOf, unwrap } from '../../api/client';
import type { CustomField, CustomFieldType, FieldGroup } from '../../api/types';
import { ErrorAlert } from '../../components/Alert';
import { Dialog } from '../../components/Dialog';
import { Checkbox, TextField } from '../../components/Field';
import { TextAreaField } from '../../components/TextAreaField';
import { customFieldsQuery } from '../candidates/queries';
import { type OptionRow, OptionsEditor } from './OptionsEditor';

export const TYPE_LABELS: Record<CustomFieldType, string> = {
  text: 'Text',
  long_text: 'Long text',
  number: 'Number',
  date: 'Date',
  boolean: 'Yes / no',
  url: 'URL',
  email: 'Email',
  single_select: 'Picklist (one)',
  multi_select: 'Picklist (several)',
  user: 'User',
};
const isPicklist = (t: CustomFieldType) => t === 'single_select' || t === 'multi_select';

/** Sensitive field groups as the server lists them; a field's current group stays listed even if unknown. */
function useFieldGroups(current: string | null): FieldGroup[] {
  const { data } = useQuery(customFieldsQuery);
  const groups = data?.fieldGroups ?? [];
  return current && !groups.some((g) => g.key === current)
    ? [...groups, { key: current, label: current, readPermission: `fields.${current}:read` }]
    : groups;
}

/** Define a custom field, or change one (key and type are fixed once created). */
export function CustomFieldDialog({
  field,
  readOnly,
  onClose,
}: {
  field: CustomField | null;
  readOnly: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [key, setKey] = useState(field?.key ?? '');
  const [label, setLabel] = useState(field?.label ?? '');
  const [type, setType] = useState<CustomFieldType>(field?.type ?? 'text');
  const [required, setRequired] = useState(field?.required ?? false);
  const [helpText, setHelpText] = useState(field?.helpText ?? '');
  const [group, setGroup] = useState(field?.fieldGroup ?? '');
  const [retired, setRetired] = useState(field?.retired ?? false);
  const [options, setOptions] = useState<OptionRow[]>(
    [...(field?.options ?? [])]
      .sort((a, b) => a.position - b.position)
      .map((o) => ({
        code: o.code,
        label: o.label,
        retired: o.retired,
        stored: true,
        history: o.labelHistory,
      })),
  );
  const groups = useFieldGroups(field?.fieldGroup ?? null);
  const chosen = groups.find((g) => g.key === group);

  const save = useMutation({
    mutationFn: () => {
      const opts = isPicklist(type)
        ? options.map((o) => ({ code: o.code.trim(), label: o.label.trim(), retired: o.retired }))
        : [];
      if (!field)
        return unwrap(
          api.POST('/api/v1/custom-fields', {
            body: {
              key: key.trim(),
              label: label.trim(),
              type,
              required,
              helpText: helpText.trim(),
              fieldGroup: group || null,
              options: opts.filter((o) => !o.retired).map(({ code, label }) => ({ code, label })),
            },
          }),
        );
      return unwrap(
        api.PATCH('/api/v1/custom-fields/{id}', {
          params: { path: { id: field.id } },
          body: {
            label: label.trim(),
            required,
            helpText: helpText.trim(),
            fieldGroup: group || null,
            retired,
            ...(isPicklist(type) ? { options: opts } : {}),
          },
        }),
      );
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
      onClose();
    },
  });
  const errors = fieldErrorsOf(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const title = field ? `${readOnly ? 'Field' : 'Edit field'} ${field.label}` : 'New custom field';

  return (
    <Dialog title={title} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <ErrorAlert
          error={save.error}
          fields={Object.keys(errors).filter((k) => !k.startsWith('options.') || isPicklist(type))}
        />
        <fieldset className="plain-fieldset" disabled={readOnly}>
          <div className="form-row">
            <TextField
              label="Key"
              required
              className="mono"
              value={key}
              disabled={Boolean(field)}
              onChange={(e) => setKey(e.target.value)}
              error={errors.key}
              hint={
                field
                  ? 'Fixed once created.'
                  : 'Lower case, digits and _; used in the API, imports and search (key:value).'
              }
              autoFocus={!field}
            />
            <TextField
              label="Label"
              required
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              error={errors.label}
            />
            <div className={`field${errors.type ? ' field-invalid' : ''}`}>
              <label htmlFor="cf-type">Type</label>
              <select
                id="cf-type"
                value={type}
                disabled={Boolean(field)}
                onChange={(e) => setType(e.target.value as CustomFieldType)}
              >
                {Object.entries(TYPE_LABELS).map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </select>
              {errors.type ? <p className="field-error">{errors.type}</p> : null}
            </div>
          </div>
          <TextAreaField
            label="Help text"
            rows={2}
            value={helpText}
            onChange={setHelpText}
            error={errors.helpText}
            hint="Shown under the input on the candidate form."
          />
          <div className="form-row">
            <div className={`field${errors.fieldGroup ? ' field-invalid' : ''}`}>
              <label htmlFor="cf-group">Sensitive field group</label>
              <select
                id="cf-group"
                value={group}
                onChange={(e) => setGroup(e.target.value)}
                aria-describedby="cf-group-hint"
              >
                <option value="">None: everyone who reads candidates sees it</option>
                {groups.map((g) => (
                  <option key={g.key} value={g.key}>
                    {g.label}
                  </option>
                ))}
              </select>
              <p className="field-hint" id="cf-group-hint">
                {chosen
                  ? `Values are hidden, everywhere, from readers without ${chosen.readPermission}.`
                  : 'Values of a field in a group are hidden, everywhere, from readers without that group’s read permission.'}
              </p>
              {errors.fieldGroup ? <p className="field-error">{errors.fieldGroup}</p> : null}
            </div>
            <div className="field field-check">
              <Checkbox
                label="Required"
                description="Checked when candidates are created; it cannot be cleared later."
                checked={required}
                onChange={setRequired}
              />
              {field ? (
                <Checkbox
                  label="Retired"
                  description="Values stay visible but can no longer be set."
                  checked={retired}
                  onChange={setRetired}
                />
              ) : null}
            </div>
          </div>
        </fieldset>
        {isPicklist(type) ? (
          <OptionsEditor rows={options} onChange={setOptions} errors={errors} disabled={readOnly} />
        ) : null}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            {readOnly ? 'Close' : 'Cancel'}
          </button>
          {readOnly ? null : (
            <button type="submit" className="button button-primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : field ? 'Save field' : 'Create field'}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
