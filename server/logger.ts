import { pino, type Logger } from 'pino';

export type { Logger };

/** One structured logger for the whole server; children add a `component` field. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'stock-chat' } });
}
