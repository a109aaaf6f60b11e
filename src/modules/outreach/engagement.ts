import { signToken } from './tokens.ts';

/**
 * What delivery needs at render time to add tracking and the unsubscribe link to a message (pure: no
 * database). `tokenSecret` is the workspace's (`outreach_settings.token_secret`); `opens` / `clicks` are the
 * workspace's tracking switches (`trackingFor` in engagement.service.ts loads all of it).
 */
export interface TrackingRender {
  workspaceId: string;
  tokenSecret: string;
  /** The public base URL of this installation (config.baseUrl), without a trailing slash. */
  baseUrl: string;
  opens: boolean;
  clicks: boolean;
}

/** Links longer than this are left as they are (the signed token carries the URL). */
export const CLICK_URL_MAX = 2000;

export const PIXEL_PATH = '/api/v1/t/o/';
export const CLICK_PATH = '/api/v1/t/c/';
export const UNSUBSCRIBE_PATH = '/api/v1/unsubscribe/';

export function pixelUrl(outboxId: string, s: TrackingRender) {
  const token = signToken(s.tokenSecret, { purpose: 'open', workspaceId: s.workspaceId, outboxId });
  return `${s.baseUrl}${PIXEL_PATH}${token}.gif`;
}

export function clickUrl(outboxId: string, target: string, s: TrackingRender) {
  const token = signToken(s.tokenSecret, {
    purpose: 'click',
    workspaceId: s.workspaceId,
    outboxId,
    data: target,
  });
  return `${s.baseUrl}${CLICK_PATH}${token}`;
}

const decodeAttr = (v: string) =>
  v
    .replace(/&amp;/gi, '&')
    .replace(/&#x2F;/gi, '/')
    .replace(/&#47;/g, '/')
    .replace(/&quot;/gi, '"');
const encodeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** An http(s) URL as the redirect may send people to it, or null. */
export function safeTarget(url: string): string | null {
  if (url.length > CLICK_URL_MAX) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

const ANCHOR = /(<a\b[^>]*?\shref\s*=\s*)(["'])(.*?)\2/gis;

/**
 * Add tracking to a message's HTML as the workspace's switches say: every http(s) link goes through the
 * signed click redirect (the token carries the target, so the redirect never goes anywhere we did not
 * sign), and a 1x1 open pixel goes before `</body>`. The unsubscribe link and non-web links (mailto:, tel:,
 * anchors) are left alone. The plain-text part is never changed.
 */
export function applyTracking(html: string, outboxId: string, s: TrackingRender): string {
  let out = html;
  if (s.clicks) {
    const own = `${s.baseUrl}${UNSUBSCRIBE_PATH}`;
    out = out.replace(ANCHOR, (whole, head: string, quote: string, href: string) => {
      const target = safeTarget(decodeAttr(href.trim()));
      if (!target || target.startsWith(own) || target.startsWith(`${s.baseUrl}${CLICK_PATH}`)) return whole;
      return `${head}${quote}${encodeAttr(clickUrl(outboxId, target, s))}${quote}`;
    });
  }
  if (s.opens) {
    const pixel = `<img src="${encodeAttr(pixelUrl(outboxId, s))}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`;
    const at = out.search(/<\/body\s*>/i);
    out = at >= 0 ? `${out.slice(0, at)}${pixel}${out.slice(at)}` : `${out}${pixel}`;
  }
  return out;
}

/** The 1x1 transparent GIF the open pixel answers with. */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
