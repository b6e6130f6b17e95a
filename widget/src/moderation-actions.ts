/**
 * What a reader does to messages and people from a message's menu — edit, delete,
 * react, report, block, and a moderator's mute and ban — loaded as a chunk of its
 * own with the first such action (`Moderation` forwards to it).
 */
import type { ErrorBody, Message, ReportReason, RoomId } from '../../protocol/wire.js';
import { ask } from './ack.js';
import type { ChatSocket } from './chat-connection.js';
import type { StockChatErrorDetail } from './events.js';
import type { Moderation, ModerationDeps, Sanction } from './moderation.js';

export class ModerationActions {
  constructor(
    private readonly menu: Moderation,
    private readonly deps: ModerationDeps,
  ) {}

  private close(): void {
    this.menu.close();
  }

  private open(...args: Parameters<Moderation['open']>): void {
    this.menu.open(...args);
  }

  private refused(room: RoomId, error: ErrorBody): void {
    this.menu.refused(room, error);
  }

  /** Saves an edit of an own message; the server answers with the message as stored. */
  async edit(room: RoomId, seq: number, text: string): Promise<void> {
    const held = this.deps.state.rooms.get(room)?.messages.find((m) => m.seq === seq);
    if (!text.trim() || text.trim() === held?.text) return this.close();
    await this.call(async (socket) => {
      const { message } = await ask(socket, 'edit_message', { room, seq, text });
      this.apply(message);
    }, room);
  }

  /** Deletes an own message, or any message for a moderator. */
  async remove(room: RoomId, seq: number): Promise<void> {
    await this.call(async (socket) => {
      const { message } = await ask(socket, 'delete_message', { room, seq });
      this.apply(message);
    }, room);
  }

  /** Adds (`on`) or takes back the user's reaction; the picker closes at the pick, not at the answer. */
  async react(room: RoomId, seq: number, emoji: string, on: boolean): Promise<void> {
    await this.call(async (socket) => {
      const { message } = await ask(socket, 'react', { room, seq, emoji, on });
      this.apply(message);
    }, room);
  }

  /** Reports a message; the menu then thanks the user until they close it. */
  async report(room: RoomId, seq: number, reason: ReportReason): Promise<void> {
    const ok = await this.call(async (socket) => {
      await ask(socket, 'report_message', { room, seq, reason });
    }, room);
    if (ok) this.open(room, seq, 'reported');
  }

  /** Blocks a user: their messages leave the timelines here and stop arriving. */
  async block(userId: string): Promise<void> {
    await this.call(async (socket) => {
      const { state } = this.deps;
      await ask(socket, 'block_user', { userId });
      state.dropMessagesOf(userId);
      // A blocked list already loaded gains the user, with their name.
      if (state.blocked) state.set('blocked', (await ask(socket, 'blocked_users', {})).users);
    });
  }

  /** A moderator mutes a sender in the room, for the length and reason confirmed. */
  async mute(room: RoomId, userId: string, { minutes, reason }: Sanction): Promise<void> {
    await this.rest('/api/mod/mutes', {
      userId,
      room,
      minutes,
      reason: reason || 'muted from the chat',
    });
  }

  /** A moderator bans a sender, for the length and reason confirmed. */
  async ban(userId: string, { minutes, reason }: Sanction): Promise<void> {
    await this.rest('/api/mod/bans', { userId, minutes, reason: reason || 'banned from the chat' });
  }

  private apply(message: Message): void {
    this.deps.state.updateMessage(message);
    this.close();
  }

  /** Runs a socket request, closes the menu, and answers whether it went through. */
  private async call(run: (socket: ChatSocket) => Promise<void>, room?: RoomId): Promise<boolean> {
    const socket = this.deps.socket();
    if (!socket?.connected) return false;
    try {
      await run(socket);
      this.close();
      return true;
    } catch (error) {
      const detail = (error as { detail?: ErrorBody }).detail;
      if (room && detail) this.refused(room, detail);
      this.deps.failFrom(error);
      return false;
    }
  }

  private async rest(path: string, body: unknown): Promise<void> {
    const api = this.deps.api();
    if (!api) return;
    try {
      await api.post(path, body);
      this.close();
    } catch (error) {
      const e = error as { code?: StockChatErrorDetail['code']; message?: string };
      this.deps.fail({ code: e.code ?? 'network', message: e.message ?? String(error) });
    }
  }
}
