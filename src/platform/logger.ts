import { pino } from 'pino';

export type Logger = pino.Logger;

/** The one root logger; modules, tasks and requests take child loggers from it. */
export function createLogger(level: string, name = 'prospector'): Logger {
  return pino({
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
  });
}
