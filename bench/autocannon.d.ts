// autocannon ships no types; this declares the part of its programmatic API the benchmarks use.
declare module 'autocannon' {
  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
  }
  export interface Stats {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  }
  export interface Result {
    requests: Stats & { sent: number };
    latency: Stats;
    throughput: Stats;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    duration: number;
  }
  /** The run: a promise of the result that also emits each response (`duration` in ms, fractional). */
  export interface Instance extends PromiseLike<Result> {
    on(
      event: 'response',
      fn: (client: unknown, statusCode: number, resBytes: number, duration: number) => void,
    ): Instance;
  }
  function autocannon(opts: Options): Instance;
  export default autocannon;
}
