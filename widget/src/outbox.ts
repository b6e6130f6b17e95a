/**
 * The outbox: messages written but not yet acknowledged, persisted in
 * localStorage so they survive a reconnect and a page reload. The server dedupes
 * on `clientId`, so sending an entry again after a lost ack is safe and a
 * message is delivered exactly once.
 */
import type { RoomId } from '../../protocol/wire.js';

/** One unsent message. */
export interface OutboxEntry {
  room: RoomId;
  text: string;
  clientId: string;
  /** ISO time the user wrote it, for ordering and display. */
  createdAt: string;
  /** The seq of the message it answers. */
  replyTo?: number;
}

const PREFIX = 'stock-chat:outbox:';

/** A localStorage-backed queue keyed per server and user. */
export class Outbox {
  /** The storage key for one server and one user, so accounts never mix. */
  static keyFor(server: string, userId: string): string {
    return `${PREFIX}${server.replace(/\/+$/, '')}|${userId}`;
  }

  constructor(
    private readonly storage: Storage,
    readonly key: string,
  ) {}

  /** Every entry, oldest first. */
  list(): OutboxEntry[] {
    try {
      const raw = this.storage.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
    } catch {
      // Corrupt or blocked storage must not stop the chat; start empty.
      return [];
    }
  }

  add(entry: OutboxEntry): void {
    const entries = this.list().filter((held) => held.clientId !== entry.clientId);
    entries.push(entry);
    this.write(entries);
  }

  remove(clientId: string): void {
    const entries = this.list();
    const kept = entries.filter((held) => held.clientId !== clientId);
    if (kept.length !== entries.length) this.write(kept);
  }

  has(clientId: string): boolean {
    return this.list().some((held) => held.clientId === clientId);
  }

  private write(entries: OutboxEntry[]): void {
    try {
      if (entries.length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify(entries));
    } catch {
      // Storage full or denied: the message stays on screen as pending for this page.
    }
  }
}

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.room === 'string' &&
    typeof entry.text === 'string' &&
    typeof entry.clientId === 'string' &&
    typeof entry.createdAt === 'string'
  );
}

/** A fresh client id: random, 1–64 characters as the protocol requires. */
export function newClientId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
