import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * The one root logger; modules, tasks and requests take child loggers from it. Lines are buffered and written
 * asynchronously (a synchronous write per line was most of the CPU of a busy server); `flushLogs` runs at exit.
 */
export function createLogger(level: string, name = 'prospector'): Logger {
  if (level === 'silent') return pino({ name, level });
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const logger = pino(
    {
      name,
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'password',
          '*.password',
          'token',
          '*.token',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
  process.once('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // not open yet: nothing was written
    }
  });
  return logger;
}
