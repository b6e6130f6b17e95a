import type { Clock } from '../../clock.js';
import type { Message } from '../../../protocol/wire.js';
import type { Store } from '../../store/types.js';
import type { ChatService, UserLike } from '../chat-service.js';
import { AppError, forbidden, notFound } from '../../errors.js';
import { extractCashtags, parseRoom } from '../rooms.js';
import { isAuthor } from '../senders.js';
import { checkText } from '../validation.js';
import type { EventPublisher } from '../events.js';
import type { AuditWriter } from './events.js';
import { canModerateRoom } from './roles.js';
import type { SendGuard } from './send-guard.js';

export interface MessageActionsDeps {
  store: Store;
  chat: ChatService;
  guard: SendGuard;
  events: EventPublisher;
  audit: AuditWriter;
  editWindowSec: number;
  maxMessageLength: number;
  clock: Clock;
}

export const messageTarget = (room: string, seq: number) => `${room}#${seq}`;

/**
 * Edits and deletes. The action that writes is the one that announces: each
 * change goes out once as `message_updated` with the whole message.
 */
export class MessageActions {
  constructor(private readonly deps: MessageActionsDeps) {}

  /** Own messages only, within the edit window, not once deleted; mutes and rules apply. */
  async edit(input: { room: string; seq: number; text: string }, user: UserLike): Promise<Message> {
    const { store, chat, guard } = this.deps;
    const checked = checkText(input.text, this.deps.maxMessageLength);
    const { room } = await chat.access(input.room, user);
    const current = await store.getMessage(room.id, input.seq);
    if (!current) throw notFound(`no message ${input.seq} in ${room.id}`);
    // By kind as well as id: a user named like a bot is not the bot.
    if (!isAuthor(current.sender, user.id)) throw forbidden('only the sender can edit a message');
    if (current.deletedAt) throw forbidden('a deleted message cannot be edited');
    const ageSec = (this.deps.clock.now() - Date.parse(current.createdAt)) / 1000;
    if (ageSec > this.deps.editWindowSec) {
      throw forbidden(`messages can be edited for ${this.deps.editWindowSec} s after sending`);
    }
    const text = await guard.check(user, room, checked, extractCashtags(checked).length, {
      edit: true,
    });
    if (text === current.text) return current;
    const edited = await store.editMessage(room.id, input.seq, {
      text,
      cashtags: extractCashtags(text),
      editedAt: new Date(this.deps.clock.now()),
    });
    if (!edited) throw forbidden('a deleted message cannot be edited');
    this.deps.events.publish({ type: 'message.updated', message: edited });
    return edited;
  }

  /**
   * Own messages, or any message for a moderator of the room (audited with
   * `reason`). Deleting a tombstone answers it unchanged and announces nothing.
   */
  async remove(
    input: { room: string; seq: number },
    user: UserLike,
    reason = '',
  ): Promise<Message> {
    const { store, chat } = this.deps;
    const { room } = await chat.access(input.room, user).catch(async (err: unknown) => {
      // A moderator may act on a room they cannot post in (a DM someone reported).
      const found = await store.getRoom(parseRoom(input.room).id);
      if (found && canModerateRoom(user, found)) return { room: found };
      throw err;
    });
    const current = await store.getMessage(room.id, input.seq);
    if (!current) throw notFound(`no message ${input.seq} in ${room.id}`);
    const own = isAuthor(current.sender, user.id);
    if (!own && !canModerateRoom(user, room)) {
      throw forbidden('only the sender or a moderator can delete a message');
    }
    if (current.deletedAt) return current;
    const deleted = await store.deleteMessage(
      room.id,
      input.seq,
      own ? 'sender' : 'moderator',
      new Date(this.deps.clock.now()),
    );
    if (!deleted) throw new AppError('not_found', `no message ${input.seq} in ${room.id}`);
    this.deps.events.publish({ type: 'message.updated', message: deleted });
    if (!own) {
      void this.deps.audit({
        actor: user.id,
        action: 'delete_message',
        target: messageTarget(room.id, input.seq),
        reason,
      });
    }
    return deleted;
  }
}
