// The part of papaparse 5.7 the wizard uses (the package ships no types; @types/papaparse is not in stack.md).
declare module 'papaparse' {
  interface ParseResult {
    data: string[][];
    errors: { message: string; row?: number }[];
    meta: { delimiter: string };
  }
  interface ParseConfig {
    delimiter?: string;
    preview?: number;
    skipEmptyLines?: boolean | 'greedy';
  }
  const Papa: { parse(input: string, config?: ParseConfig): ParseResult };
  export default Papa;
}
