import { describe, expect, it } from 'vitest';
import { systemActor } from './actor.ts';
import { COMPENSATION, CONTACT, hiddenGroups, redact } from './redaction.ts';

const person = { id: '1', name: 'Ana', email: 'ana@example.com', salary: 100 };
const fields = { email: CONTACT, salary: COMPENSATION };

describe('redact', () => {
  it('removes the fields of every group the actor may not read and names them', () => {
    const out = redact(systemActor('w', []), fields, person);
    expect(out).toEqual({ id: '1', name: 'Ana', redactedFields: ['email', 'salary'] });
  });
  it('keeps what the actor may read', () => {
    const out = redact(systemActor('w', [CONTACT.readPermission]), fields, person);
    expect(out).toEqual({ id: '1', name: 'Ana', email: 'ana@example.com', redactedFields: ['salary'] });
  });
  it('adds nothing when nothing is hidden', () => {
    const out = redact(
      systemActor('w', [CONTACT.readPermission, COMPENSATION.readPermission]),
      fields,
      person,
    );
    expect(out).toEqual(person);
  });
  it('lists hidden groups', () => {
    expect(hiddenGroups(systemActor('w', [CONTACT.readPermission])).has('compensation')).toBe(true);
    expect(hiddenGroups(systemActor('w', [CONTACT.readPermission])).has('contact')).toBe(false);
  });
});
