/** Maps a connection status to the string key its chip shows. */
import type { StringKey } from '../i18n/index.js';
import type { ConnectionStatus } from '../types.js';

export type StatusKey = Extract<StringKey, `status${string}`>;

export const STATUS_KEYS: Record<ConnectionStatus, StatusKey> = {
  idle: 'statusIdle',
  connecting: 'statusConnecting',
  online: 'statusOnline',
  reconnecting: 'statusReconnecting',
  offline: 'statusOffline',
};
