import { randomUUID } from 'node:crypto';
import type { NoticeEvent, UserRef } from '../../protocol/wire.js';
import type { EventPublisher } from './events.js';
import { parseRoom } from './rooms.js';

/** Operator notices: a line of text to one room's subscribers or to everyone connected. */
export class NoticeService {
  constructor(private readonly events: EventPublisher) {}

  /** Posts a notice (`text` already validated) and announces it; returns what was sent. */
  post(from: UserRef, text: string, rawRoom?: string): NoticeEvent {
    const room = rawRoom === undefined ? undefined : parseRoom(rawRoom).id;
    const notice: NoticeEvent = {
      id: randomUUID(),
      text,
      ...(room ? { room } : {}),
      from: { id: from.id, name: from.name },
      createdAt: new Date().toISOString(),
    };
    this.events.publish({ type: 'notice.posted', notice });
    return notice;
  }
}
