import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseProfileUrl, type ProfileKind } from './url.ts';

/** Property tests run many cases; give them room on a busy machine. */
const PROPERTY = { timeout: 30_000 };

describe('normaliseProfileUrl: known profile sites', () => {
  it.each<[string, string, ProfileKind, string | null]>([
    ['de.linkedin.com/in/Ann-Smith/', 'https://www.linkedin.com/in/ann-smith', 'linkedin', 'ann-smith'],
    ['linkedin.com/in/ann-smith', 'https://www.linkedin.com/in/ann-smith', 'linkedin', 'ann-smith'],
    ['http://m.linkedin.com/in/ann-smith', 'https://www.linkedin.com/in/ann-smith', 'linkedin', 'ann-smith'],
    [
      'https://www.linkedin.com/in/ann-smith/?trk=public_profile&originalSubdomain=de&utm_source=share#about',
      'https://www.linkedin.com/in/ann-smith',
      'linkedin',
      'ann-smith',
    ],
    [
      'https://uk.linkedin.com/in/ann-smith/en',
      'https://www.linkedin.com/in/ann-smith',
      'linkedin',
      'ann-smith',
    ],
    [
      'linkedin.com/in/J%C3%B6rg-M/details/experience/',
      'https://www.linkedin.com/in/j%C3%B6rg-m',
      'linkedin',
      'jörg-m',
    ],
    ['https://www.linkedin.com/in/jörg-m', 'https://www.linkedin.com/in/j%C3%B6rg-m', 'linkedin', 'jörg-m'],
    [
      'https://www.linkedin.com/mwlite/in/ann-smith',
      'https://www.linkedin.com/in/ann-smith',
      'linkedin',
      'ann-smith',
    ],
    ['linkedin.com/company/Acme/', 'https://www.linkedin.com/company/acme', 'linkedin', null],
    ['github.com/Octocat', 'https://github.com/octocat', 'github', 'octocat'],
    ['https://www.github.com/octocat/?tab=repositories', 'https://github.com/octocat', 'github', 'octocat'],
    ['https://github.com/octocat/Hello-World/', 'https://github.com/octocat/Hello-World', 'github', null],
    ['https://github.com/features', 'https://github.com/features', 'github', null],
    ['http://twitter.com/Jack?s=21&t=abc', 'https://x.com/jack', 'twitter', 'jack'],
    ['https://mobile.twitter.com/jack', 'https://x.com/jack', 'twitter', 'jack'],
    ['x.com/Jack_Dorsey', 'https://x.com/jack_dorsey', 'twitter', 'jack_dorsey'],
    ['https://x.com/jack/status/20', 'https://x.com/jack/status/20', 'twitter', null],
    ['https://x.com/search?q=a', 'https://x.com/search', 'twitter', null],
    [
      'https://stackoverflow.com/users/22656/jon-skeet?tab=profile',
      'https://stackoverflow.com/users/22656',
      'stackoverflow',
      '22656',
    ],
    [
      'https://www.stackoverflow.com/u/22656',
      'https://stackoverflow.com/users/22656',
      'stackoverflow',
      '22656',
    ],
    ['https://ru.stackoverflow.com/users/1/x', 'https://ru.stackoverflow.com/users/1', 'stackoverflow', '1'],
    [
      'https://stackoverflow.com/questions/1/x',
      'https://stackoverflow.com/questions/1/x',
      'stackoverflow',
      null,
    ],
    ['dribbble.com/Ann', 'https://dribbble.com/ann', 'dribbble', 'ann'],
    ['https://dribbble.com/shots/123-x', 'https://dribbble.com/shots/123-x', 'dribbble', null],
    ['behance.net/Ann', 'https://www.behance.net/ann', 'behance', 'ann'],
    ['gitlab.com/Ann.Smith', 'https://gitlab.com/ann.smith', 'gitlab', 'ann.smith'],
    ['https://gitlab.com/explore', 'https://gitlab.com/explore', 'gitlab', null],
  ])('%s → %s', (raw, url, kind, handle) => {
    expect(normaliseProfileUrl(raw)).toEqual({ ok: true, value: { url, kind, handle } });
  });
});

describe('normaliseProfileUrl: other web sites', () => {
  it.each([
    ['https://Example.com/Blog/?utm_source=x&page=2#top', 'https://example.com/Blog?page=2'],
    ['http://ann.dev', 'https://ann.dev'],
    ['ann.dev/', 'https://ann.dev'],
    ['https://www.ann.dev//', 'https://www.ann.dev'],
    ['//ann.dev/cv', 'https://ann.dev/cv'],
    ['example.com:8080/a/', 'https://example.com:8080/a'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['https://bücher.de/a', 'https://xn--bcher-kva.de/a'],
    ['https://example.com./a', 'https://example.com/a'],
    ['https://example.com/?fbclid=1&gclid=2&UTM_MEDIUM=3', 'https://example.com'],
    ['https://example.com/p?a=1&b=%20x&ref=me', 'https://example.com/p?a=1&b=%20x&ref=me'],
    ['https://example.com/a/../b', 'https://example.com/b'],
    ['HTTPS://EXAMPLE.COM/CV', 'https://example.com/CV'],
  ])('%s → %s', (raw, url) => {
    expect(normaliseProfileUrl(raw)).toEqual({ ok: true, value: { url, kind: 'website', handle: null } });
  });
});

describe('normaliseProfileUrl refuses with a reason', () => {
  it.each([
    ['', 'empty', 'is empty'],
    ['javascript:alert(1)', 'scheme', "uses 'javascript:'; only http and https links are allowed"],
    ['JavaScript:alert(1)', 'scheme', "uses 'javascript:'; only http and https links are allowed"],
    ['ftp://example.com/cv.pdf', 'scheme', "uses 'ftp:'; only http and https links are allowed"],
    ['mailto:ann@example.org', 'scheme', "uses 'mailto:'; only http and https links are allowed"],
    ['data:text/html,hi', 'scheme', "uses 'data:'; only http and https links are allowed"],
    [
      'https://ann:secret@example.com',
      'credentials',
      'contains a user name or password (remove the part before @)',
    ],
    [
      'https://ann@linkedin.com/in/ann',
      'credentials',
      'contains a user name or password (remove the part before @)',
    ],
    ['http://intranet/profile', 'host_no_dot', "host 'intranet' has no dot"],
    ['localhost:3000', 'host_no_dot', "host 'localhost' has no dot"],
    ['https://192.168.0.1/', 'ip_host', 'points to an IP address; give the site name instead'],
    ['https://[::1]/', 'ip_host', 'points to an IP address; give the site name instead'],
    ['https://exa mple.com', 'whitespace', 'contains a space'],
    ['https://example.com/a\nb', 'whitespace', 'contains a line break'],
    ['https://', 'invalid', 'is not a valid web address'],
    ['https://exa%mple.com', 'invalid', 'is not a valid web address'],
    [`https://example.com/${'a'.repeat(2040)}`, 'too_long', 'longer than 2048 characters (2060)'],
  ])('%j → %s', (raw, code, reason) => {
    expect(normaliseProfileUrl(raw)).toEqual({ ok: false, code, reason });
  });
});

describe('normaliseProfileUrl properties', () => {
  const check = (raw: string) => {
    const once = normaliseProfileUrl(raw);
    if (once.ok) expect(normaliseProfileUrl(once.value.url)).toEqual(once);
    return once;
  };

  it('normalising a normalised web URL gives it back', PROPERTY, () => {
    const url = fc.webUrl({
      withQueryParameters: true,
      withFragments: true,
      validSchemes: ['http', 'https'],
    });
    fc.assert(
      fc.property(url, (u) => {
        check(u);
      }),
      // fast-check's web URLs are long and slow to build: 300 runs take about a second.
      { numRuns: 300 },
    );
  });

  it('is idempotent for profile links in their many spellings', PROPERTY, () => {
    const handle = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,14}$/);
    const link = fc
      .tuple(
        fc.constantFrom(
          'linkedin.com/in/',
          'https://de.linkedin.com/in/',
          'http://m.linkedin.com/in/',
          'github.com/',
          'https://www.github.com/',
          'twitter.com/',
          'https://x.com/',
          'dribbble.com/',
          'behance.net/',
          'gitlab.com/',
          'https://stackoverflow.com/users/1/',
        ),
        handle,
        fc.constantFrom('', '/', '?utm_source=x', '?trk=a&originalSubdomain=de', '#top', '/?s=21'),
      )
      .map(([prefix, h, suffix]) => `${prefix}${h}${suffix}`);
    fc.assert(
      fc.property(link, (l) => {
        const once = check(l);
        expect(once.ok).toBe(true);
        if (once.ok) expect(once.value.kind).not.toBe('website');
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary input, and is idempotent whenever it accepts', PROPERTY, () => {
    const chars = fc.constantFrom(...'ab.:/?#&=@%-_ üA1[]'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: chars, maxLength: 30 })), (s) => {
        check(s);
      }),
      { numRuns: 2000 },
    );
  });
});
