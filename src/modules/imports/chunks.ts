import type { Executor } from '../../platform/db/client.ts';
import * as repo from './imports.repository.ts';

/** A finished, failed or cancelled run keeps no copy of the file (its rows are stored or reported). */
export async function deleteChunksOf(db: Executor, ws: string, runId: string): Promise<void> {
  await repo.deleteChunks(db, ws, runId);
}
