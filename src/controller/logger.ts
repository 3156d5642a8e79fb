// The default logger for machinery used without one (tests, library use): silent pino.
import { pino, type Logger } from 'pino';

export type { Logger };
export const silentLogger: Logger = pino({ level: 'silent' });
