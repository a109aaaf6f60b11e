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

/**
 * The splitter's state machine, fed piece by piece. `keepText: false` only checks the structure (upload
 * validation: nothing is kept). `end()` refuses a document that stops before its closing bracket, naming the
 * byte where it stops.
 */
export class JsonSplitter {
  // state: 'top' before the first token (only when start = 0), 'between' inside the array between elements,
  // 'in' inside an element, 'done' after the closing bracket or a single object.
  private state: 'top' | 'between' | 'in' | 'done';
  private single = false;
  /** Anything but whitespace read (a resumed read that finds only whitespace is at the end of a document). */
  private sawToken = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: Uint8Array[] = [];
  private partBytes = 0;
  private elementStartByte = 0;
  private pos: number;
  private bom: boolean;
  private readonly start: number;
  private readonly maxElementBytes: number;
  private readonly keepText: boolean;

  constructor(opts: { start: number; maxElementBytes: number; keepText?: boolean }) {
    this.start = opts.start;
    this.maxElementBytes = opts.maxElementBytes;
    this.keepText = opts.keepText ?? true;
    this.state = opts.start === 0 ? 'top' : 'between';
    this.pos = opts.start;
    this.bom = opts.start === 0;
  }

  /** Bytes read so far (the offset in the whole file). */
  get position(): number {
    return this.pos;
  }

  *feed(chunk: Uint8Array): Generator<JsonElement> {
    let i = 0;
    if (this.bom && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    this.bom = false;
    let elemStart = this.state === 'in' ? i : -1;
    for (; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.state === 'in') {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === 0x22) this.inString = false;
          continue;
        }
        if (c === 0x22) this.inString = true;
        else if (c === 0x7b || c === 0x5b) this.depth++;
        else if (c === 0x7d || c === 0x5d) {
          this.depth--;
          if (this.depth === 0) {
            let text = '';
            if (this.keepText) {
              this.parts.push(chunk.subarray(elemStart, i + 1));
              text = Buffer.concat(this.parts).toString('utf8');
            }
            this.parts = [];
            this.partBytes = 0;
            this.state = this.single ? 'done' : 'between';
            yield { text, end: this.pos + i + 1 };
          }
        }
        continue;
      }
      if (WS.has(c)) continue;
      this.sawToken = true;
      if (this.state === 'top') {
        if (c === 0x5b) this.state = 'between';
        else if (c === 0x7b) {
          this.single = true;
          this.openElement(i);
          elemStart = i;
        } else throw new SyntaxError(`JSON must be an array or an object (byte ${this.pos + i})`);
      } else if (this.state === 'between') {
        if (c === 0x2c) continue;
        if (c === 0x5d) this.state = 'done';
        else if (c === 0x7b || c === 0x5b) {
          this.openElement(i);
          elemStart = i;
        } else throw new SyntaxError(`expected an object in the array (byte ${this.pos + i})`);
      } else if (this.state === 'done') {
        throw new SyntaxError(`unexpected content after the end of the JSON (byte ${this.pos + i})`);
      }
    }
    if (this.state === 'in') {
      const rest = chunk.subarray(elemStart);
      this.partBytes += rest.length;
      if (this.partBytes > this.maxElementBytes)
        throw new JsonTooLargeError(
          `the record starting at byte ${this.elementStartByte} is larger than ${this.maxElementBytes} bytes`,
        );
      if (this.keepText) this.parts.push(rest);
    }
    this.pos += chunk.length;
  }

  private openElement(i: number) {
    this.state = 'in';
    this.depth = 1;
    this.elementStartByte = this.pos + i;
  }

  /** The document must be complete: a file cut anywhere before its closing bracket is refused. */
  end(): void {
    if (this.state === 'in')
      throw new SyntaxError(
        `the JSON ends at byte ${this.pos} in the middle of the record starting at byte ${this.elementStartByte}: the file is truncated`,
      );
    if (this.state === 'top')
      throw new SyntaxError(
        this.pos === this.start
          ? 'the file holds no JSON'
          : `the JSON ends at byte ${this.pos} before it starts`,
      );
    // A resumed read (after the last committed record) of a single-object document finds only whitespace.
    if (this.state === 'between' && !(this.start > 0 && !this.sawToken))
      throw new SyntaxError(
        `the JSON ends at byte ${this.pos} without the array's closing bracket: the file is truncated`,
      );
  }
}

export async function* splitJsonArray(
  source: AsyncIterable<Uint8Array>,
  opts: { start: number; maxElementBytes: number },
): AsyncGenerator<JsonElement> {
  const splitter = new JsonSplitter(opts);
  for await (const chunk of source) yield* splitter.feed(chunk);
  splitter.end();
}
