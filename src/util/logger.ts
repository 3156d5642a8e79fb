// One pino logger for the process: readable lines for people by default, JSON for machines.

import pino, { type Logger } from 'pino';

export type LogFormat = 'text' | 'json';

export function createLogger(format: LogFormat, level = process.env.ORDINAL_LOG_LEVEL ?? 'info'): Logger {
  if (format === 'json') return pino({ level });
  return pino({
    level,
    transport: {
      target: 'pino-pretty',
      options: { colorize: process.stderr.isTTY, destination: 2, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' },
    },
  });
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
