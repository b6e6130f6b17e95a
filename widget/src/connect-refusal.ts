/**
 * What a refused handshake says, read the first time the server refuses one
 * (`ChatConnection` forwards here, so the reading stays out of the first load):
 * whether a fresh token could help, and what to tell the host page if not. The
 * server marks every refused sign-in with `data.code` "unauthorized".
 */
import { refusalCode } from '../../protocol/refusal.js';
import type { StockChatErrorDetail } from './events.js';

/** How a refusal reads: `authProblem` when only a fresh token can help. */
export interface Refusal {
  authProblem: boolean;
  detail: StockChatErrorDetail;
}

const AUTH_ERRORS = new Set(['token expired', 'unauthorized', 'jwt expired']);

/** Reads the `connect_error` of a refused handshake. */
export function readRefusal(error: Error & { data?: { until?: string } }): Refusal {
  const code = refusalCode(error);
  const authProblem = code === 'unauthorized' || AUTH_ERRORS.has(error.message);
  return {
    authProblem,
    detail: {
      code: code === 'banned' ? 'banned' : authProblem ? 'unauthorized' : 'connect_failed',
      message: error.message,
      ...(code === 'banned' ? { until: error.data?.until } : {}),
    },
  };
}
