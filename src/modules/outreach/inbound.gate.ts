import { AppError } from '../../platform/errors.ts';

/**
 * A small counting semaphore for the MIME parse of inbound mail, shared by the HTTP endpoint and the SMTP
 * listener: parsing a large message costs seconds of CPU and hundreds of MB, so at most `max` run at once,
 * at most `queue` more wait, and anything beyond is refused at once (HTTP 503, SMTP 451: try again later).
 */
export class ParseGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly max: number,
    readonly queue: number,
  ) {}

  /** Run `fn` when a slot is free; throws `unavailable` (503) when the queue is full. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      if (this.waiting.length >= this.queue)
        throw new AppError(
          'unavailable',
          'inbound_busy',
          'Too many inbound messages at once; try again later',
        );
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running += 1;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter (running stays the same), else it is freed.
      if (next) next();
      else this.running -= 1;
    }
  }

  get busy() {
    return { running: this.running, waiting: this.waiting.length };
  }
}

/** The installation's gate: two parses at a time, four more waiting. */
export const inboundParseGate = new ParseGate(2, 4);
