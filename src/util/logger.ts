// One pino logger for the process: readable lines for people by default, JSON for machines. Both
// go to stderr, as Kubernetes components log, so stdout carries only what a command prints.

import pino, { type Logger } from 'pino';

export type LogFormat = 'text' | 'json';

export function createLogger(format: LogFormat, level = process.env.ORDINAL_LOG_LEVEL ?? 'info'): Logger {
  if (format === 'json') return pino({ level }, pino.destination({ dest: 2, sync: true }));
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
