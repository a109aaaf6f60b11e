import { isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';
import { fail, type Normalised, ok, quote } from './result.ts';

/**
 * Email addresses, normalised for storage and duplicate detection.
 *
 * - Accepts what people paste: surrounding spaces, a `mailto:` prefix (its `?subject=…` part is dropped), and
 *   a display name (`Ann Smith <ann@example.org>`, `"Smith, Ann" <ann@example.org>`): only the address is kept.
 * - Validates the RFC 5321/5322 addr-spec: a dot-atom local part (ASCII letters, digits and
 *   ``! # $ % & ' * + - / = ? ^ _ ` { | } ~``, dots between them) or a quoted string; a domain of dot-separated
 *   labels (letters, digits, hyphens; 1-63 characters; no hyphen at either end; at least one dot; a top-level
 *   domain that is not all digits) or an address literal `[192.0.2.1]` / `[IPv6:2001:db8::1]`. Local part at
 *   most 64 characters, whole address at most 254 (after the domain is converted to ASCII).
 * - Comments (`ann(work)@…`), folding white space and obsolete syntax are refused, as are non-ASCII local parts
 *   (RFC 6531 SMTPUTF8 addresses): few mail systems deliver to them, and the reason says so.
 * - Lower-cases the WHOLE address. RFC 5321 lets a server treat the local part as case-sensitive, but no
 *   mainstream provider does, and people type `Ann.Smith@` and `ann.smith@` for the same mailbox; one spelling
 *   per mailbox is what duplicate detection needs. The rare case-sensitive mailbox still receives mail from
 *   servers that fold case, which is all of them in practice.
 * - Internationalised domains are stored in their ASCII (punycode) form via `domainToASCII`:
 *   `ann@bücher.de` → `ann@xn--bcher-kva.de`.
 * - A quoted local part that needs no quotes loses them (`"ann"@x.org` → `ann@x.org`); one that needs them
 *   keeps them with minimal escaping, so normalising a normalised address gives it back.
 */
export function normaliseEmail(raw: string): Normalised<string> {
  let s = raw.trim();
  if (s === '') return fail('empty', 'is empty');

  if (/^mailto:/i.test(s)) {
    s = s.slice('mailto:'.length);
    const q = s.indexOf('?');
    if (q >= 0) s = s.slice(0, q);
    try {
      s = decodeURIComponent(s);
    } catch {
      return fail('invalid_encoding', 'has a broken %-escape in the mailto: link');
    }
    s = s.trim();
    if (s === '') return fail('empty', 'is empty');
  }

  const spec = stripDisplayName(s);
  if (!spec.ok) return spec;
  const addr = spec.value.toLowerCase();

  const parts = splitAtSign(addr);
  if (!parts.ok) return parts;
  const [localRaw, domainRaw] = parts.value;

  const local = normaliseLocal(localRaw);
  if (!local.ok) return local;
  const domain = normaliseDomain(domainRaw);
  if (!domain.ok) return domain;

  const out = `${local.value}@${domain.value}`;
  if (out.length > 254) return fail('too_long', `address longer than 254 characters (${out.length})`);
  return ok(out);
}

/** `Ann <ann@x.org>` → `ann@x.org`; an address without angle brackets is returned as it is. */
function stripDisplayName(s: string): Normalised<string> {
  let open = -1;
  let close = -1;
  let inQuote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (c === '<') open = i;
    else if (c === '>' && close < 0) close = i;
  }
  if (open < 0 && close < 0) return ok(s);
  if (open >= 0 && close < 0) return fail('unbalanced_brackets', "has '<' without a closing '>'");
  if (close >= 0 && (open < 0 || close < open))
    return fail('unbalanced_brackets', "has '>' without an opening '<'");
  if (close !== s.length - 1) return fail('unbalanced_brackets', "has text after the closing '>'");
  const inner = s.slice(open + 1, close).trim();
  if (inner === '') return fail('empty', "has nothing between '<' and '>'");
  return ok(inner);
}

/** Split at the one `@` outside quotes. */
function splitAtSign(s: string): Normalised<[string, string]> {
  const ats: number[] = [];
  let inQuote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (c === '@') ats.push(i);
  }
  if (inQuote) return fail('unclosed_quote', 'has an opening quote without a closing one');
  if (ats.length === 0) return fail('missing_at', 'missing @');
  if (ats.length > 1) return fail('multiple_at', 'more than one @ outside quotes');
  const at = ats[0]!;
  return ok([s.slice(0, at), s.slice(at + 1)]);
}

// RFC 5322 atext: ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "/" / "=" / "?" /
// "^" / "_" / "`" / "{" / "|" / "}" / "~"
const ATEXT = /^[a-z0-9!#$%&'*+\-/=?^_`{|}~]$/i;
const DOT_ATOM = /^[a-z0-9!#$%&'*+\-/=?^_`{|}~]+(?:\.[a-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/i;

function describeChar(c: string): string {
  if (c === ' ') return 'a space';
  if (c === '\t') return 'a tab';
  const code = c.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return 'a control character';
  return `'${c}'`;
}

function normaliseLocal(local: string): Normalised<string> {
  if (local === '') return fail('local_empty', 'nothing before the @');
  let value: string;
  if (local.startsWith('"')) {
    const content = unquote(local);
    if (!content.ok) return content;
    if (content.value === '') return fail('local_empty', 'local part is an empty quoted string');
    value = DOT_ATOM.test(content.value) ? content.value : `"${content.value.replace(/(["\\])/g, '\\$1')}"`;
  } else {
    if (local.startsWith('.')) return fail('local_dot', 'local part starts with a dot');
    if (local.endsWith('.')) return fail('local_dot', 'local part ends with a dot (just before the @)');
    if (local.includes('..')) return fail('local_dot', 'consecutive dots in local part');
    for (const c of local) {
      if (c === '.' || ATEXT.test(c)) continue;
      if (c === ' ') return fail('local_char', 'local part contains a space');
      if (c.codePointAt(0)! > 0x7f)
        return fail('local_non_ascii', `local part contains '${c}'; only ASCII characters are allowed`);
      if (c === '"') return fail('local_char', 'local part has a quote that does not enclose all of it');
      return fail(
        'local_char',
        `local part contains ${describeChar(c)}, which is only allowed inside quotes`,
      );
    }
    value = local;
  }
  if (value.length > 64)
    return fail('local_too_long', `local part longer than 64 characters (${value.length})`);
  return ok(value);
}

/** The content of a quoted local part, quoted-pairs resolved; the closing quote must end the local part. */
function unquote(local: string): Normalised<string> {
  let out = '';
  for (let i = 1; i < local.length; i++) {
    const c = local[i]!;
    if (c === '"') {
      if (i !== local.length - 1)
        return fail('local_char', 'local part has text after its closing quote (quote all of it or none)');
      return ok(out);
    }
    const ch = c === '\\' ? local[++i] : c;
    if (ch === undefined) break;
    const code = ch.codePointAt(0)!;
    if (code > 0x7f)
      return fail('local_non_ascii', `local part contains '${ch}'; only ASCII characters are allowed`);
    if ((code < 0x20 && ch !== '\t') || code === 0x7f)
      return fail('local_char', 'local part contains a control character');
    out += ch;
  }
  return fail('unclosed_quote', 'has an opening quote without a closing one');
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function normaliseDomain(domain: string): Normalised<string> {
  if (domain === '') return fail('domain_empty', 'nothing after the @');
  if (domain.startsWith('[')) {
    if (!domain.endsWith(']')) return fail('domain_literal', "address literal has '[' without a closing ']'");
    const inner = domain.slice(1, -1);
    if (inner.startsWith('ipv6:')) {
      if (isIPv6(inner.slice(5))) return ok(domain);
      return fail('domain_literal', `address literal ${quote(domain)} is not a valid IPv6 address`);
    }
    if (IPV4.test(inner)) return ok(domain);
    return fail('domain_literal', `address literal ${quote(domain)} is not a valid IPv4 address`);
  }
  if (domain.startsWith('.')) return fail('domain_dot', 'domain starts with a dot');
  if (domain.endsWith('.')) return fail('domain_dot', 'domain ends with a dot');
  if (domain.includes('..')) return fail('domain_dot', 'consecutive dots in domain');

  for (const label of domain.split('.')) {
    for (const c of label) {
      if (/[a-z0-9-]/.test(c) || c.codePointAt(0)! > 0x7f) continue;
      if (c === ' ') return fail('domain_char', `domain label ${quote(label)} contains a space`);
      return fail(
        'domain_char',
        `domain label ${quote(label)} contains ${describeChar(c)}; only letters, digits and hyphens are allowed`,
      );
    }
  }

  let ascii = domain;
  if (/[^\p{ASCII}]/u.test(domain) || /(^|\.)xn--/.test(domain)) {
    ascii = domainToASCII(domain);
    if (ascii === '')
      return fail('domain_idn', `domain ${quote(domain)} is not a valid internationalised domain name`);
  }

  const labels = ascii.split('.');
  for (const label of labels) {
    if (label === '') return fail('domain_dot', 'consecutive dots in domain');
    if (label.length > 63)
      return fail(
        'domain_label_long',
        `domain label ${quote(label)} is longer than 63 characters (${label.length})`,
      );
    if (!/^[a-z0-9-]+$/.test(label))
      return fail(
        'domain_char',
        `domain label ${quote(label)} contains characters other than letters, digits and hyphens`,
      );
    if (label.startsWith('-'))
      return fail('domain_hyphen', `domain label ${quote(label)} starts with a hyphen`);
    if (label.endsWith('-')) return fail('domain_hyphen', `domain label ${quote(label)} ends with a hyphen`);
  }
  if (labels.length < 2) return fail('domain_no_tld', 'domain has no top-level domain');
  const tld = labels[labels.length - 1]!;
  if (/^\d+$/.test(tld)) return fail('domain_numeric_tld', `top-level domain ${quote(tld)} is all digits`);
  return ok(ascii);
}
