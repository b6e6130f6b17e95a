/**
 * The moderation side of the chat session: editing and deleting own messages,
 * reporting and blocking others, a moderator's delete, mute and ban, and what
 * the composer needs to explain a refusal (muted, slow mode, read-only, banned).
 * Changes go through `ChatState`'s named methods; views call the methods here.
 */
import type { ErrorBody, Message, ReportReason, RoomId } from '../../server/protocol.js';
import { ask } from './ack.js';
import type { ApiClient } from './api-client.js';
import type { ChatSocket } from './chat-connection.js';
import type { ChatState } from './chat-state.js';
import type { MessageMenu } from './chat-view.js';
import type { StockChatErrorDetail } from './events.js';

/** What `Moderation` needs from the session. */
export interface ModerationDeps {
  readonly state: ChatState;
  socket(): ChatSocket | null;
  api(): ApiClient | null;
  /** Reports a failed request to the host page. */
  failFrom(error: unknown): void;
  fail(detail: StockChatErrorDetail): void;
}

/** How long a moderator's mute from the widget lasts. */
const MUTE_MINUTES = 60;

export class Moderation {
  constructor(private readonly deps: ModerationDeps) {}

  /** Opens a message's actions at one step (`actions`, `edit`, `confirm-delete`, `report`). */
  open(room: RoomId, seq: number, mode: MessageMenu['mode']): void {
    this.deps.state.set('menu', { room, seq, mode });
  }

  close(): void {
    this.deps.state.set('menu', null);
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
    this.close();
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
      await ask(socket, 'block_user', { userId });
      this.deps.state.dropMessagesOf(userId);
    });
  }

  /** A moderator mutes a sender in the room for an hour. */
  async mute(room: RoomId, userId: string): Promise<void> {
    await this.rest('/api/mod/mutes', {
      userId,
      room,
      minutes: MUTE_MINUTES,
      reason: 'muted from the chat',
    });
  }

  /** A moderator bans a sender until lifted. */
  async ban(userId: string): Promise<void> {
    await this.rest('/api/mod/bans', { userId, reason: 'banned from the chat' });
  }

  /** Remembers why the server refused a send, for the composer to explain. */
  refused(room: RoomId, error: ErrorBody | StockChatErrorDetail): void {
    const { state } = this.deps;
    if (error.code === 'muted' && error.until)
      state.setRoomRules(room, { mutedUntil: error.until });
    if (error.code === 'rate_limited' && error.retryAfterMs) {
      state.setRoomRules(room, { slowUntil: Date.now() + error.retryAfterMs });
    }
    if (error.code === 'banned') state.set('banned', { until: error.until ?? null });
    if (error.code === 'forbidden' && /read-only/.test(error.message)) {
      state.setRoomRules(room, { readOnly: true });
    }
  }

  /** Re-renders once a second while a countdown the composer shows is running. */
  tick(now = Date.now()): void {
    const room = this.deps.state.activeRoom;
    const rules = room ? this.deps.state.roomRules.get(room) : undefined;
    if (!room || !rules) return;
    const muted = rules.mutedUntil && Date.parse(rules.mutedUntil) > now - 1000;
    const slow = rules.slowUntil && rules.slowUntil > now - 1000;
    if (muted || slow) this.deps.state.setRoomRules(room, {});
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
