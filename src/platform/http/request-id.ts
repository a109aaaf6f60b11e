import { randomBytes } from 'node:crypto';

// Entropy for request ids, drawn from the OS 4 KiB at a time and kept as hex, rather than 16 fresh bytes
// per request (the `uuid` package's v7 asks for new random bytes on every call, a measurable share of a busy
// server's CPU).
let hex = '';
let offset = 0;
const VARIANT = '89ab89ab89ab89ab';
let lastMs = -1;
let timePart = '';

/**
 * A UUIDv7 for a request: 48 bits of Unix time in ms, then 74 random bits. Time-ordered like the ids of
 * rows (platform/ids.ts) but not monotonic within a millisecond, which request ids need not be.
 */
export function requestId(): string {
  if (offset + 19 > hex.length) {
    hex = randomBytes(4096).toString('hex');
    offset = 0;
  }
  const ms = Date.now();
  if (ms !== lastMs) {
    const t = ms.toString(16).padStart(12, '0');
    timePart = `${t.slice(0, 8)}-${t.slice(8, 12)}-7`;
    lastMs = ms;
  }
  const o = offset;
  offset += 19;
  const variant = VARIANT[Number.parseInt(hex[o + 3]!, 16)];
  return `${timePart}${hex.slice(o, o + 3)}-${variant}${hex.slice(o + 4, o + 7)}-${hex.slice(o + 7, o + 19)}`;
}
