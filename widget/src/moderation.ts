/**
 * The moderation side of the chat session: editing and deleting own messages,
 * reporting and blocking others, a moderator's delete, mute and ban, and what
 * the composer needs to explain a refusal (muted, slow mode, read-only, banned).
 * Changes go through `ChatState`'s named methods; views call the methods here.
 */
import type { ErrorBody, ReportReason, RoomId } from '../../protocol/wire.js';
import type { ApiClient } from './api-client.js';
import type { ChatSocket } from './chat-connection.js';
import type { ChatState } from './chat-state.js';
import type { MessageMenu } from './chat-view.js';
import type { StockChatErrorDetail } from './events.js';
import type { ModerationActions } from './moderation-actions.js';

/** A moderator's mute or ban as confirmed in its dialog: `minutes` null lasts until lifted. */
export interface Sanction {
  minutes: number | null;
  /** Kept in the audit log; empty: a default saying it came from the chat. */
  reason: string;
}

/** What `Moderation` needs from the session. */
export interface ModerationDeps {
  readonly state: ChatState;
  socket(): ChatSocket | null;
  api(): ApiClient | null;
  /** Reports a failed request to the host page. */
  failFrom(error: unknown): void;
  fail(detail: StockChatErrorDetail): void;
}

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
  edit(room: RoomId, seq: number, text: string): Promise<void> {
    return this.act((a) => a.edit(room, seq, text));
  }

  /** Deletes an own message, or any message for a moderator. */
  remove(room: RoomId, seq: number): Promise<void> {
    return this.act((a) => a.remove(room, seq));
  }

  /** Adds (`on`) or takes back the user's reaction; the picker closes at the pick, not at the answer. */
  react(room: RoomId, seq: number, emoji: string, on: boolean): Promise<void> {
    this.close();
    return this.act((a) => a.react(room, seq, emoji, on));
  }

  /** Reports a message; the menu then thanks the user until they close it. */
  report(room: RoomId, seq: number, reason: ReportReason): Promise<void> {
    return this.act((a) => a.report(room, seq, reason));
  }

  /** Blocks a user: their messages leave the timelines here and stop arriving. */
  block(userId: string): Promise<void> {
    return this.act((a) => a.block(userId));
  }

  /** A moderator mutes a sender in the room, as confirmed in the sanction dialog. */
  mute(room: RoomId, userId: string, sanction: Sanction): Promise<void> {
    return this.act((a) => a.mute(room, userId, sanction));
  }

  /** A moderator bans a sender, as confirmed in the sanction dialog. */
  ban(userId: string, sanction: Sanction): Promise<void> {
    return this.act((a) => a.ban(userId, sanction));
  }

  /** Remembers why the server refused a send, for the composer to explain. */
  refused(room: RoomId, error: ErrorBody | StockChatErrorDetail): void {
    const { state } = this.deps;
    if (error.code === 'muted' && error.until)
      state.setRoomRules(room, { mutedUntil: error.until });
    // Only a room's slow mode is shown as one: a per-user limit holds the sends instead.
    if (
      error.code === 'rate_limited' &&
      'rule' in error &&
      error.rule === 'slow_mode' &&
      error.retryAfterMs
    ) {
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

  /** Runs an action from the chunk that holds them (loaded with the first one). */
  private async act(run: (actions: ModerationActions) => Promise<void>): Promise<void> {
    try {
      const { ModerationActions } = await import('./moderation-actions.js');
      await run(new ModerationActions(this, this.deps));
    } catch (error) {
      this.deps.failFrom(error);
    }
  }
}
