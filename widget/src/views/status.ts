/**
 * The connection status chip: which string key it shows, and which status it shows
 * while a dropped link may come back at once (a blip keeps it on "Online").
 */
import type { StringKey } from '../i18n/index.js';
import type { ConnectionStatus } from '../types.js';
import { clock } from '../clock.js';

export type StatusKey = Extract<StringKey, `status${string}`>;

export const STATUS_KEYS: Record<ConnectionStatus, StatusKey> = {
  idle: 'statusIdle',
  connecting: 'statusConnecting',
  online: 'statusOnline',
  reconnecting: 'statusReconnecting',
  offline: 'statusOffline',
};

/** A link that was online and dropped shows as dropped only after this long. */
export const STATUS_GRACE_MS = 1000;

/**
 * The status the chip shows: a dropped link (reconnecting) after being online keeps
 * "Online" for `STATUS_GRACE_MS` of the widget's clock, so a reconnect within a
 * second never flickers it; back online shows at once, and so does "Offline" (the
 * browser said it lost the network: no blip to ride out).
 */
export class ShownStatus {
  /** While online: 0; once dropped from online: when; else (never online): -1. */
  private droppedAt = -1;

  constructor(private readonly redraw: () => void) {}

  of(status: ConnectionStatus): ConnectionStatus {
    if (status !== 'reconnecting') {
      this.droppedAt = status === 'online' ? 0 : -1;
      return status;
    }
    if (this.droppedAt < 0) return status;
    this.droppedAt ||= clock.now();
    const left = this.droppedAt + STATUS_GRACE_MS - clock.now();
    if (left <= 0) return status;
    // A redraw when the grace ends (one per draw in it; a late one after a reconnect is harmless).
    setTimeout(this.redraw, left);
    return 'online';
  }
}
