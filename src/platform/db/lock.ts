import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {}

/**
 * PGlite takes no lock on its directory and two processes on one directory lose data. We take an exclusive
 * pid file (created with O_EXCL) and refuse a second process with a clear message. A lock left by a process
 * that no longer exists is taken over.
 */
export function lockDataDir(dataDir: string, purpose: string): { release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'prospector.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const held = JSON.parse(readFileSync(file, 'utf8')) as { pid: number };
          if (held.pid === process.pid) rmSync(file, { force: true });
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder && isAlive(holder.pid) && holder.pid !== process.pid) {
        throw new DataDirLockedError(
          `The data directory ${dataDir} is in use by another Prospector process (pid ${holder.pid}, ${holder.purpose}, since ${holder.since}). ` +
            'The embedded database allows one process at a time: stop that process first, or use server mode (DATABASE_URL) for several.',
        );
      }
      // Stale lock from a process that died: remove it and try once more.
      if (existsSync(file)) rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock the data directory ${dataDir}.`);
}

function readHolder(file: string): { pid: number; purpose: string; since: string } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
