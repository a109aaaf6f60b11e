import { describe, expect, it } from 'vitest';
import { type FieldCatalogue, MAX_CHARS, renderTemplate, validateTemplate } from './template.engine.ts';

const cat: FieldCatalogue = { readable: new Set(['years_in_role']), hidden: new Set(['salary']) };
const body = (text: string) => validateTemplate([{ field: 'body', text }], cat);
const ctx = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  full_name: 'Ada Lovelace',
  current_title: null,
  current_company: 'Engines',
  location: 'London, GB',
  city: 'London',
  region: null,
  country: 'GB',
  sender: { name: 'Sam', email: 'sam@example.com', title: null },
  custom: { years_in_role: 3 },
};

describe('template validation', () => {
  it('accepts known fields, sender fields, custom fields and fallbacks, and lists what it uses', () => {
    const v = body(
      'Hi {{ first_name | default: "there" }}, {{ current_title | default: "engineer" }} at {{ current_company }}. {{ custom.years_in_role }} — {{ sender.name }}',
    );
    expect(v.errors).toEqual([]);
    expect(v.fields).toEqual([
      'current_company',
      'current_title',
      'custom.years_in_role',
      'first_name',
      'sender.name',
    ]);
  });
  it('names unknown fields with their position', () => {
    const text = 'Hi {{ first_name }},\nabout {{ favourite_colour }} and {{ sender.phone }}';
    const v = body(text);
    expect(v.errors.map((e) => [e.field, e.message, e.position, e.length])).toEqual([
      ['body', 'unknown field favourite_colour', text.indexOf('favourite_colour'), 'favourite_colour'.length],
      [
        'body',
        expect.stringContaining('unknown sender field'),
        text.indexOf('sender.phone'),
        'sender.phone'.length,
      ],
    ]);
  });
  it('refuses hidden, unknown and computed custom fields, and reserved requisition fields', () => {
    const msgs = body(
      '{{ custom.salary }} {{ custom.nope }} {{ custom[x] }} {{ requisition.title }}',
    ).errors.map((e) => e.message);
    expect(msgs).toContain('custom.salary is in a field group you may not read');
    expect(msgs).toContain('unknown custom field nope');
    expect(msgs).toContain('requisition fields are reserved until requisitions exist');
    expect(msgs.some((m) => m.startsWith('name a custom field'))).toBe(true);
  });
  it('refuses unknown filters with the position', () => {
    const text = 'Hi {{ first_name | shout }}';
    const [e] = body(text).errors;
    expect(e?.message).toBe('undefined filter: shout');
    expect(e?.position).toBe(3);
  });
  it('reports syntax errors with the position', () => {
    const [e] = body('Hello {% if first_name %}no end').errors;
    expect(e?.message).toMatch(/not closed/);
    expect(e?.position).toBe(6);
  });
  it('refuses include, render and layout (no file access)', () => {
    for (const t of ['{% include "package.json" %}', "{% render 'x' %}", '{% layout "x" %}'])
      expect(body(t).errors[0]?.message).toMatch(/not allowed/);
  });
  it('caps the size of each part', () => {
    expect(body('x'.repeat(MAX_CHARS.body + 1)).errors[0]?.message).toBe(
      `must be at most ${MAX_CHARS.body} characters`,
    );
  });
  it('fails a nested-loop template fast instead of exhausting memory or time', () => {
    const started = Date.now();
    const huge = body(
      '{% for a in (1..100000000) %}{% for b in (1..100000000) %}{{ a }}{{ b }}{% endfor %}{% endfor %}',
    );
    expect(huge.errors[0]?.message).toMatch(/cannot be rendered: .*limit/);
    const slow = body(
      '{% for a in (1..3000) %}{% for b in (1..3000) %}{% for c in (1..3000) %}{% endfor %}{% endfor %}{% endfor %}',
    );
    expect(slow.errors[0]?.message).toMatch(/cannot be rendered: .*limit/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('rendering', () => {
  it('fills fields, applies fallbacks to missing values and escapes HTML', () => {
    const out = renderTemplate(
      [
        { field: 'subject', text: 'Hi {{ first_name }} <3' },
        { field: 'html', text: '<p>{{ current_title | default: "there" }} {{ custom.years_in_role }}</p>' },
      ],
      { ...ctx, current_title: null, first_name: '<b>Ada</b>' },
    );
    expect(out.subject).toBe('Hi <b>Ada</b> <3');
    expect(out.html).toBe('<p>there 3</p>');
    const h = renderTemplate([{ field: 'html', text: '{{ first_name }}' }], {
      ...ctx,
      first_name: '<script>',
    });
    expect(h.html).toBe('&lt;script&gt;');
  });
});
