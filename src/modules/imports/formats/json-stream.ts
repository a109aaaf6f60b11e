/**
 * A streaming splitter for a top-level JSON array (or a single top-level object): it scans bytes, keeps only
 * the element being read, and yields each element's text with the byte offset just after it, so a 1 GB file
 * never sits in memory and a resumed read can start at any element boundary. Structural characters of JSON are
 * ASCII, so scanning UTF-8 bytes is exact.
 */
export interface JsonElement {
  text: string;
  /** Byte offset (in the whole file) just after this element. */
  end: number;
}

export class JsonTooLargeError extends Error {}

const WS = new Set([0x20, 0x0a, 0x0d, 0x09]);

export async function* splitJsonArray(
  source: AsyncIterable<Uint8Array>,
  opts: { start: number; maxElementBytes: number },
): AsyncGenerator<JsonElement> {
  // state: 'top' before the first token (only when start = 0), 'between' inside the array between elements,
  // 'in' inside an element, 'done' after the closing bracket or a single object.
  let state: 'top' | 'between' | 'in' | 'done' = opts.start === 0 ? 'top' : 'between';
  let single = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let pos = opts.start;
  let bom = opts.start === 0;
  for await (const chunk of source) {
    let i = 0;
    if (bom && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    bom = false;
    let elemStart = state === 'in' ? i : -1;
    for (; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (state === 'in') {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          depth--;
          if (depth === 0) {
            parts.push(chunk.subarray(elemStart, i + 1));
            const text = Buffer.concat(parts).toString('utf8');
            parts = [];
            partBytes = 0;
            state = single ? 'done' : 'between';
            yield { text, end: pos + i + 1 };
          }
        }
        continue;
      }
      if (WS.has(c)) continue;
      if (state === 'top') {
        if (c === 0x5b) state = 'between';
        else if (c === 0x7b) {
          single = true;
          state = 'in';
          depth = 1;
          elemStart = i;
        } else throw new SyntaxError(`JSON must be an array or an object (byte ${pos + i})`);
      } else if (state === 'between') {
        if (c === 0x2c) continue;
        if (c === 0x5d) state = 'done';
        else if (c === 0x7b || c === 0x5b) {
          state = 'in';
          depth = 1;
          elemStart = i;
        } else throw new SyntaxError(`expected an object in the array (byte ${pos + i})`);
      } else if (state === 'done') {
        throw new SyntaxError(`unexpected content after the end of the JSON (byte ${pos + i})`);
      }
    }
    if (state === 'in') {
      const rest = chunk.subarray(elemStart);
      partBytes += rest.length;
      if (partBytes > opts.maxElementBytes)
        throw new JsonTooLargeError(`a record is larger than ${opts.maxElementBytes} bytes`);
      parts.push(rest);
    }
    pos += chunk.length;
  }
  if (state === 'in' || state === 'top' || (state === 'between' && opts.start === 0 && !single && pos === 0))
    throw new SyntaxError('the JSON ends in the middle of a record');
}
