import { randomFillSync } from 'node:crypto';

// Entropy for request ids, drawn from the OS 4 KiB at a time rather than 16 bytes per request (the `uuid`
// package's v7 asks for fresh random bytes on every call, a measurable share of a busy server's CPU).
const POOL = Buffer.allocUnsafe(4096);
let offset = POOL.length;

/**
 * A UUIDv7 for a request: 48 bits of Unix time in ms, then 74 random bits. Time-ordered like the ids of
 * rows (platform/ids.ts) but not monotonic within a millisecond, which request ids need not be.
 */
export function requestId(): string {
  if (offset + 10 > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const r = POOL.toString('hex', offset, offset + 10);
  offset += 10;
  const t = Date.now().toString(16).padStart(12, '0');
  const variant = (8 | (Number.parseInt(r[3]!, 16) & 3)).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r.slice(0, 3)}-${variant}${r.slice(4, 7)}-${r.slice(7, 19)}`;
}
