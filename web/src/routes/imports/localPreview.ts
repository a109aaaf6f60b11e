import Papa from 'papaparse';
import type { ImportFormat } from '../../api/types';

/** Only this much of the file is read in the browser for the preview: a huge file is never loaded whole. */
const PREVIEW_BYTES = 64 * 1024;

export interface LocalPreview {
  headers: string[];
  rows: string[][];
  delimiter: string;
}

/** The header and first rows of a spreadsheet, read from the start of the file with papaparse. */
export async function previewFile(file: File, format: ImportFormat, rows = 5): Promise<LocalPreview> {
  let text = await file.slice(0, PREVIEW_BYTES).text();
  // The slice may end mid-line: drop the partial last line unless the whole file was read.
  if (file.size > PREVIEW_BYTES) text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = Papa.parse(text, {
    delimiter: format === 'tsv' ? '\t' : '',
    preview: rows + 1,
    skipEmptyLines: 'greedy',
  });
  const [headers = [], ...body] = parsed.data;
  return { headers, rows: body, delimiter: parsed.meta.delimiter };
}

/** A format guessed from the file name (the user can change it). */
export function guessFormat(name: string): ImportFormat {
  const n = name.toLowerCase();
  if (n.endsWith('.tsv') || n.endsWith('.tab')) return 'tsv';
  if (n.endsWith('.json')) return n.includes('greenhouse') ? 'greenhouse' : 'json-resume';
  if (n.includes('linkedin')) return 'linkedin';
  if (n.includes('gem')) return 'gem';
  return 'csv';
}
