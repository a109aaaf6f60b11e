import { fail, type Normalised, ok, quote } from './result.ts';

export type ProfileKind =
  | 'linkedin'
  | 'github'
  | 'twitter'
  | 'stackoverflow'
  | 'dribbble'
  | 'behance'
  | 'gitlab'
  | 'website';

export interface ProfileUrl {
  /** Canonical link: https, lower-case host, no credentials, tracking parameters, fragment or trailing slash. */
  url: string;
  kind: ProfileKind;
  /**
   * The profile's identity on a known site when the link is a profile (not a repository, post or company
   * page): the LinkedIn public id, the GitHub/GitLab/Dribbble/Behance login, the X/Twitter handle (all
   * lower-cased: those sites ignore case), the Stack Overflow user id. Null otherwise.
   */
  handle: string | null;
}

export const MAX_URL_LENGTH = 2048;

/**
 * Query parameters that only track where a click came from; dropped from every link. On the known profile
 * sites the whole query is dropped, since none of their profile pages is identified by one.
 */
const TRACKING = new Set([
  'trk',
  'trkinfo',
  'originalsubdomain',
  'original_referer',
  'lipi',
  'licu',
  'li_fat_id',
  'midtoken',
  'midsig',
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  'mkt_tok',
  '_hsenc',
  '_hsmi',
  'ref_src',
  'ref_url',
]);
const isTracking = (key: string) => key.startsWith('utm_') || TRACKING.has(key);

/**
 * The canonical form of a profile link (LinkedIn, GitHub, X/Twitter, Stack Overflow, Dribbble, Behance,
 * GitLab, or any other web site), so that the same profile pasted twice is stored once:
 *
 * - `https` always (an `http` link is upgraded: the link names a profile, it is not a fetch instruction);
 *   bare `linkedin.com/in/x` and `github.com/x` are read as https links. Other schemes (`javascript:`,
 *   `ftp:`, `mailto:`…) are refused.
 * - Host lower-cased (IDN hosts in punycode), trailing dot dropped; credentials (`user:pass@`), IP-address
 *   hosts and hosts without a dot are refused.
 * - LinkedIn: `www.`, `m.`, `mobile.` and country subdomains (`de.linkedin.com`) become `www.linkedin.com`;
 *   `/in/<id>` profiles lose any trailing sub-page (`/details/…`, a locale suffix) and the id is lower-cased.
 * - GitHub, GitLab, Dribbble: `www.` dropped; Behance: `www.behance.net`; Twitter: `twitter.com`,
 *   `mobile.twitter.com`, `x.com` all become `x.com`; Stack Overflow `/users/<id>/<slug>` becomes
 *   `/users/<id>` (the slug follows the display name and changes).
 * - Tracking parameters (`utm_*`, `trk`, `originalSubdomain`, `fbclid`…) and the fragment dropped; trailing
 *   slashes dropped; at most 2048 characters.
 */
export function normaliseProfileUrl(raw: string): Normalised<ProfileUrl> {
  let s = raw.trim();
  if (s === '') return fail('empty', 'is empty');
  if (s.length > MAX_URL_LENGTH)
    return fail('too_long', `longer than ${MAX_URL_LENGTH} characters (${s.length})`);
  if (/[\r\n]/.test(s)) return fail('whitespace', 'contains a line break');
  if (/\s/.test(s)) return fail('whitespace', 'contains a space');

  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s);
  const hostAndPort = /^[^:/?#@]+:\d+(?:[/?#]|$)/.test(s); // `example.com:8080/…`, `localhost:3000`
  if (scheme && !hostAndPort) {
    const name = scheme[1]!.toLowerCase();
    if (name !== 'http' && name !== 'https')
      return fail('scheme', `uses '${name}:'; only http and https links are allowed`);
  } else s = s.startsWith('//') ? `https:${s}` : `https://${s}`;

  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return fail('invalid', 'is not a valid web address');
  }
  if (u.username || u.password)
    return fail('credentials', 'contains a user name or password (remove the part before @)');

  const host = u.hostname.replace(/\.$/, '');
  if (host === '') return fail('no_host', 'has no host name');
  if (host.startsWith('[') || /^\d+(\.\d+){3}$/.test(host))
    return fail('ip_host', 'points to an IP address; give the site name instead');
  if (!host.includes('.')) return fail('host_no_dot', `host ${quote(host)} has no dot`);
  if (host.split('.').some((l) => l === ''))
    return fail('host_empty_label', `host ${quote(host)} has an empty label`);

  const site = canonicalSite(host, u.pathname, u.search);
  const path = site.path.replace(/\/+$/, '');
  const url = `https://${site.host}${u.port ? `:${u.port}` : ''}${path}${site.query}`;
  if (url.length > MAX_URL_LENGTH)
    return fail('too_long', `longer than ${MAX_URL_LENGTH} characters (${url.length})`);
  return ok({ url, kind: site.kind, handle: site.handle });
}

interface Site {
  kind: ProfileKind;
  host: string;
  path: string;
  query: string;
  handle: string | null;
}

function segments(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}

function decode(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

/** A single-segment profile path (`/login`), or null when the path is something else. */
function profileSegment(path: string, pattern: RegExp, reserved: ReadonlySet<string>): string | null {
  const segs = segments(path);
  if (segs.length !== 1) return null;
  const seg = decode(segs[0]!).toLowerCase();
  return pattern.test(seg) && !reserved.has(seg) ? seg : null;
}

function profile(kind: ProfileKind, host: string, path: string, handle: string | null): Site {
  return handle
    ? { kind, host, path: `/${handle}`, query: '', handle }
    : { kind, host, path, query: '', handle };
}

const GITHUB_LOGIN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/;
const GITHUB_RESERVED = new Set(
  'about account apps blog collections contact customer-stories dashboard enterprise events explore features issues join login logout marketplace new notifications orgs organizations pricing pulls readme search security settings site sponsors team topics trending'.split(
    ' ',
  ),
);
const TWITTER_HANDLE = /^[a-z0-9_]{1,15}$/;
const TWITTER_RESERVED = new Set(
  'home explore search i intent share hashtag settings messages notifications login logout signup tos privacy compose'.split(
    ' ',
  ),
);
const SIMPLE_LOGIN = /^[a-z0-9_][a-z0-9_.-]*$/;
const DRIBBBLE_RESERVED = new Set(
  'shots designers jobs tags search session signup about stories learn pro hiring following for-designers'.split(
    ' ',
  ),
);
const BEHANCE_RESERVED = new Set(
  'search galleries gallery joblist assets hire about live blog onboarding'.split(' '),
);
const GITLAB_RESERVED = new Set(
  'explore users dashboard help - projects groups search admin api public snippets users'.split(' '),
);

function canonicalSite(host: string, path: string, search: string): Site {
  if (/^(?:(?:www|m|mobile|[a-z]{2})\.)?linkedin\.com$/.test(host)) {
    const segs = segments(path);
    const start = segs[0] === 'mwlite' ? 1 : 0;
    if (segs[start] === 'in' && segs[start + 1]) {
      const id = decode(segs[start + 1]!).toLowerCase();
      return {
        kind: 'linkedin',
        host: 'www.linkedin.com',
        path: `/in/${encodeURIComponent(id)}`,
        query: '',
        handle: id,
      };
    }
    return { kind: 'linkedin', host: 'www.linkedin.com', path: path.toLowerCase(), query: '', handle: null };
  }
  if (host === 'github.com' || host === 'www.github.com')
    return profile('github', 'github.com', path, profileSegment(path, GITHUB_LOGIN, GITHUB_RESERVED));
  if (/^(?:(?:www|mobile)\.)?(?:twitter|x)\.com$/.test(host))
    return profile('twitter', 'x.com', path, profileSegment(path, TWITTER_HANDLE, TWITTER_RESERVED));
  if (/^(?:(?:www|[a-z]{2})\.)?stackoverflow\.com$/.test(host)) {
    const h = host.startsWith('www.') ? host.slice(4) : host;
    const m = /^\/(?:users|u)\/(\d+)(?:\/|$)/.exec(path);
    return m
      ? { kind: 'stackoverflow', host: h, path: `/users/${m[1]}`, query: '', handle: m[1]! }
      : { kind: 'stackoverflow', host: h, path, query: '', handle: null };
  }
  if (host === 'dribbble.com' || host === 'www.dribbble.com')
    return profile('dribbble', 'dribbble.com', path, profileSegment(path, SIMPLE_LOGIN, DRIBBBLE_RESERVED));
  if (host === 'behance.net' || host === 'www.behance.net')
    return profile('behance', 'www.behance.net', path, profileSegment(path, SIMPLE_LOGIN, BEHANCE_RESERVED));
  if (host === 'gitlab.com' || host === 'www.gitlab.com')
    return profile('gitlab', 'gitlab.com', path, profileSegment(path, SIMPLE_LOGIN, GITLAB_RESERVED));
  return { kind: 'website', host, path, query: cleanQuery(search), handle: null };
}

/** The query without tracking parameters, each kept parameter exactly as written. */
function cleanQuery(search: string): string {
  const kept = search
    .slice(1)
    .split('&')
    .filter((p) => p !== '' && !isTracking(decode(p.split('=')[0]!.replace(/\+/g, ' ')).toLowerCase()));
  return kept.length ? `?${kept.join('&')}` : '';
}
