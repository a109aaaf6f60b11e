import { useQuery } from '@tanstack/react-query';
import type { PermissionInfo } from '../../api/types';
import { ErrorAlert } from '../../components/Alert';
import { CheckboxGroup } from '../../components/Field';
import { permissionsQuery } from './queries';

/** Group permissions by product area, areas in catalogue order. */
export function groupByArea(items: PermissionInfo[]): [string, PermissionInfo[]][] {
  const groups = new Map<string, PermissionInfo[]>();
  for (const p of items) groups.set(p.area, [...(groups.get(p.area) ?? []), p]);
  return [...groups.entries()];
}

interface Props {
  value: string[];
  onChange: (next: string[]) => void;
  error?: string | undefined;
  /** Offer only these keys (e.g. the user's own permissions for token scopes). */
  only?: string[];
}

/** Permission checkboxes, one group per area. */
export function PermissionPicker({ value, onChange, error, only }: Props) {
  const catalog = useQuery(permissionsQuery);
  if (catalog.error) return <ErrorAlert error={catalog.error} />;
  if (!catalog.data) return <p className="muted">Loading permissions…</p>;
  const items = only ? catalog.data.items.filter((p) => only.includes(p.key)) : catalog.data.items;
  return (
    <div className="permission-picker">
      {groupByArea(items).map(([area, perms]) => (
        <CheckboxGroup
          key={area}
          legend={area}
          columns
          options={perms.map((p) => ({ value: p.key, label: p.key, description: p.description }))}
          value={value.filter((v) => perms.some((p) => p.key === v))}
          onChange={(next) => onChange([...value.filter((v) => !perms.some((p) => p.key === v)), ...next])}
        />
      ))}
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}
