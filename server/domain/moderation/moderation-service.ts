import { isUntilLifted, UNTIL_LIFTED } from '../../../protocol/sanctions.js';
import type { ReportReason, User } from '../../../protocol/wire.js';
import type {
  AuditEntry,
  Ban,
  Mute,
  Paged,
  ReportGroup,
  ResolveAction,
  RoomSettings,
} from '../../../protocol/admin.js';
import type { AuditFilter, ReportGroupRecord } from '../../store/moderation-types.js';
import type { Clock } from '../../clock.js';
import type { UserLimits } from '../../limits/user-limits.js';
import type { Store } from '../../store/types.js';
import type { ChatService, UserLike } from '../chat-service.js';
import { badRequest, forbidden, notFound } from '../../errors.js';
import { parseRoom, USER_ID_PATTERN } from '../rooms.js';
import { isAuthor, isServerSenderKey, senderKey } from '../senders.js';
import type { EventPublisher } from '../events.js';
import type { AuditWriter } from './events.js';
import { messageTarget, type MessageActions } from './message-actions.js';
import type { ModerationState } from './moderation-state.js';
import { canModerateRoom, isModerator } from './roles.js';
import { UserReviews } from './user-review.js';

export interface ModerationServiceDeps {
  store: Store;
  chat: ChatService;
  state: ModerationState;
  messages: MessageActions;
  events: EventPublisher;
  audit: AuditWriter;
  /** Distinct reporters within an hour that mute the sender in the room (0: off). */
  reportsAutoMute: number;
  autoMuteMinutes: number;
  defaultMuteMinutes: number;
  clock: Clock;
  limits?: UserLimits;
}

const HOUR_MS = 3_600_000;
const CONTEXT = 5;

/**
 * Reports, blocks, mutes, bans, room settings and the audit log: the actions of
 * users (report, block) and of moderators (REST under /api/mod), each audited.
 */
export class ModerationService {
  /** Look up a user, their recent messages, and purge them (the console's user panel). */
  readonly users: UserReviews;

  constructor(private readonly deps: ModerationServiceDeps) {
    this.users = new UserReviews(deps);
  }

  // ---- users ----

  /** One report per user per message (a repeat answers the same id); may auto-mute the sender. */
  async report(
    input: { room: string; seq: number; reason: ReportReason; note?: string },
    user: UserLike,
  ): Promise<{ reportId: string }> {
    const { store, chat } = this.deps;
    const { room } = await chat.access(input.room, user);
    const message = await store.getMessage(room.id, input.seq);
    if (!message) throw notFound(`no message ${input.seq} in ${room.id}`);
    if (isAuthor(message.sender, user.id)) throw badRequest('you cannot report your own message');
    // A bot's message is reported as `bot:<id>`: never counted against, or muted and banned as, its namesake user.
    const senderId = senderKey(message.sender);
    const { report, created } = await store.moderation.addReport({
      room: room.id,
      seq: input.seq,
      senderId,
      reporter: user.id,
      reason: input.reason,
      note: input.note,
      at: new Date(this.deps.clock.now()),
    });
    if (created) {
      this.deps.events.publish({ type: 'report.created', report });
      if (!isServerSenderKey(senderId)) await this.maybeAutoMute(senderId, room.id);
    }
    return { reportId: report.id };
  }

  private async maybeAutoMute(senderId: string, room: string): Promise<void> {
    const { store, state, reportsAutoMute } = this.deps;
    if (reportsAutoMute <= 0 || state.muteOf(senderId, room)) return;
    const since = new Date(this.deps.clock.now() - HOUR_MS);
    const reporters = await store.moderation.reportersOf(senderId, room, since);
    if (reporters < reportsAutoMute) return;
    await this.addMute('auto', {
      userId: senderId,
      room,
      minutes: this.deps.autoMuteMinutes,
      reason: `${reporters} users reported messages within an hour; pending review`,
    });
  }

  async block(user: UserLike, target: string): Promise<{ blocked: string[] }> {
    if (!USER_ID_PATTERN.test(target)) throw badRequest('userId is not a user id');
    if (target === user.id) throw badRequest('you cannot block yourself');
    const blocked = await this.deps.store.moderation.block(user.id, target);
    this.deps.state.setBlock(user.id, target, true);
    return { blocked };
  }

  async unblock(user: UserLike, target: string): Promise<{ blocked: string[] }> {
    const blocked = await this.deps.store.moderation.unblock(user.id, target);
    this.deps.state.setBlock(user.id, target, false);
    return { blocked };
  }

  /**
   * The users `user` blocks, by name, with no presence (a block withholds it); one
   * never seen here is listed by id.
   */
  async blockedUsers(user: UserLike): Promise<{ users: User[] }> {
    // A read the size of a history page: it shares that limit.
    await this.deps.limits?.history.consume(user.id);
    const ids = [...this.deps.state.blockedBy(user.id)];
    const known = new Map((await this.deps.store.getUsers(ids)).map((u) => [u.id, u]));
    const users = ids.map((id): User => {
      const found = known.get(id);
      return found
        ? { id, name: found.name, ...(found.avatar ? { avatar: found.avatar } : {}) }
        : { id, name: id };
    });
    users.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return { users };
  }

  // ---- moderators ----

  async deleteMessage(actor: UserLike, room: string, seq: number, reason: string) {
    return { message: await this.deps.messages.remove({ room, seq }, actor, reason) };
  }

  /** Mutes a user everywhere (moderators) or in one room (also that group's creator). */
  async mute(
    actor: UserLike,
    input: { userId: string; room?: string; minutes?: number | null; reason: string },
  ): Promise<Mute> {
    const room = input.room === undefined ? null : parseRoom(input.room).id;
    if (room === null) this.assertModerator(actor);
    else await this.assertModeratesRoom(actor, room);
    return this.addMute(actor.id, {
      userId: input.userId,
      room,
      // null: until lifted; left out: the default length.
      minutes: input.minutes === undefined ? this.deps.defaultMuteMinutes : input.minutes,
      reason: input.reason,
    });
  }

  private async addMute(
    actor: string,
    input: { userId: string; room: string | null; minutes: number | null; reason: string },
  ): Promise<Mute> {
    const { minutes, ...rest } = input;
    const until = new Date(
      minutes === null ? UNTIL_LIFTED : this.deps.clock.now() + minutes * 60_000,
    );
    const mute = await this.deps.store.moderation.addMute({ ...rest, until });
    this.deps.state.addMute(mute);
    // The user hears of it now, not at their next refused send.
    this.deps.events.publish({
      type: 'user.muted',
      userId: mute.userId,
      notice: { room: mute.room, until: mute.until, reason: mute.reason },
    });
    const where = mute.room ?? 'everywhere';
    const end = isUntilLifted(mute.until) ? 'until lifted' : `until ${mute.until}`;
    await this.deps.audit({
      actor,
      action: 'mute',
      target: mute.userId,
      reason: `${where} ${end}: ${input.reason}`,
    });
    return mute;
  }

  async unmute(actor: UserLike, id: string, reason: string): Promise<Mute> {
    const { store, state } = this.deps;
    const existing = await store.moderation.getMute(id);
    if (!existing) throw notFound(`no mute ${id}`);
    if (existing.room === null) this.assertModerator(actor);
    else await this.assertModeratesRoom(actor, existing.room);
    const mute = await store.moderation.removeMute(id);
    if (!mute) throw notFound(`no mute ${id}`);
    state.removeMute(mute);
    // Another mute may still hold where this one did: the user hears the one now in force.
    const still =
      mute.room === null ? state.globalMuteOf(mute.userId) : state.muteOf(mute.userId, mute.room);
    this.deps.events.publish({
      type: 'user.muted',
      userId: mute.userId,
      notice: still
        ? { room: mute.room, until: still.until, reason: still.reason }
        : { room: mute.room, until: null, reason },
    });
    await this.deps.audit({ actor: actor.id, action: 'unmute', target: mute.userId, reason });
    return mute;
  }

  /** Bans a user: their sockets on every node are disconnected, handshakes and REST refused. */
  async ban(
    actor: UserLike,
    input: { userId: string; minutes?: number | null; reason: string },
  ): Promise<Ban> {
    this.assertModerator(actor);
    if (input.userId === actor.id) throw badRequest('you cannot ban yourself');
    const until = input.minutes ? new Date(this.deps.clock.now() + input.minutes * 60_000) : null;
    const ban = await this.deps.store.moderation.setBan({ ...input, until });
    this.deps.state.setBan(ban, ban.userId);
    this.deps.events.publish({ type: 'user.banned', userId: ban.userId });
    await this.deps.audit({
      actor: actor.id,
      action: 'ban',
      target: ban.userId,
      reason: `${ban.until ? `until ${ban.until}` : 'until lifted'}: ${input.reason}`,
    });
    return ban;
  }

  async unban(actor: UserLike, userId: string, reason: string): Promise<{ userId: string }> {
    this.assertModerator(actor);
    if (!(await this.deps.store.moderation.removeBan(userId)))
      throw notFound(`${userId} is not banned`);
    this.deps.state.setBan(null, userId);
    await this.deps.audit({ actor: actor.id, action: 'unban', target: userId, reason });
    return { userId };
  }

  async roomSettings(
    actor: UserLike,
    rawRoom: string,
    change: { slowModeSec?: number; readOnly?: boolean; reason?: string },
  ): Promise<RoomSettings> {
    const id = parseRoom(rawRoom).id;
    await this.assertModeratesRoom(actor, id);
    const { reason = '', ...settings } = change;
    const updated = await this.deps.store.moderation.updateRoomSettings(id, settings);
    if (!updated) throw notFound(`room ${id} does not exist`);
    this.deps.events.publish({ type: 'room.updated', settings: updated });
    await this.deps.audit({
      actor: actor.id,
      action: 'room_settings',
      target: id,
      reason: `slow mode ${updated.slowModeSec} s, read-only ${updated.readOnly}${reason ? `: ${reason}` : ''}`,
    });
    return updated;
  }

  async getRoomSettings(rawRoom: string): Promise<RoomSettings> {
    const room = await this.deps.store.getRoom(parseRoom(rawRoom).id);
    if (!room) throw notFound(`room ${rawRoom} does not exist`);
    return { room: room.id, slowModeSec: room.slowModeSec, readOnly: room.readOnly };
  }

  /** Resolves every report of the reported message, acting on it as asked. */
  async resolve(
    actor: UserLike,
    reportId: string,
    input: { action: ResolveAction; minutes?: number | null; reason?: string },
  ): Promise<{ resolved: number; action: ResolveAction }> {
    this.assertModerator(actor);
    const { store } = this.deps;
    const report = await store.moderation.getReport(reportId);
    if (!report) throw notFound(`no report ${reportId}`);
    if ((input.action === 'mute' || input.action === 'ban') && isServerSenderKey(report.senderId))
      throw badRequest(
        `the reported message is from ${report.senderId}, a server sender, which cannot be muted or banned; ` +
          'resolve with delete or dismiss (and revoke its API key to stop it)',
      );
    const reason = input.reason ?? `report ${reportId} (${report.reason})`;
    if (input.action === 'delete') await this.deleteMessage(actor, report.room, report.seq, reason);
    if (input.action === 'mute') {
      await this.mute(actor, {
        userId: report.senderId,
        room: report.room,
        minutes: input.minutes,
        reason,
      });
    }
    if (input.action === 'ban') {
      await this.ban(actor, { userId: report.senderId, minutes: input.minutes, reason });
    }
    const resolved = await store.moderation.resolveReports(report.room, report.seq);
    await this.deps.audit({
      actor: actor.id,
      action: `resolve_${input.action}`,
      target: messageTarget(report.room, report.seq),
      reason,
    });
    return { resolved, action: input.action };
  }

  // ---- reads (moderators, admins and viewers) ----

  async reports(status: 'open' | 'resolved', cursor: string | undefined, limit: number) {
    const page = await this.deps.store.moderation.reportGroups(status, cursor, limit);
    const items = await Promise.all(page.items.map((g) => this.group(g, status)));
    return { items, nextCursor: page.nextCursor } satisfies Paged<ReportGroup>;
  }

  private async group(g: ReportGroupRecord, status: 'open' | 'resolved'): Promise<ReportGroup> {
    const { store } = this.deps;
    const reporters = g.reports.map((r) => r.reporter);
    const [before, after, users] = await Promise.all([
      store.history(g.room, g.seq + 1, CONTEXT + 1),
      store.since(g.room, g.seq, CONTEXT),
      store.getUsers(reporters),
    ]);
    const names = new Map(users.map((u) => [u.id, u.name]));
    const message = before.messages.find((m) => m.seq === g.seq) ?? null;
    const reasons: ReportGroup['reasons'] = {};
    for (const r of g.reports) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
    return {
      id: g.reports[0]!.id,
      reportIds: g.reports.map((r) => r.id),
      room: g.room,
      seq: g.seq,
      message,
      context: [...before.messages, ...after.messages],
      count: g.reports.length,
      reasons,
      reporters,
      reportedBy: reporters.map((id) => ({ id, name: names.get(id) ?? id })),
      notes: g.reports.flatMap((r) => (r.note ? [r.note] : [])),
      status,
      firstAt: g.reports[0]!.createdAt,
      lastAt: g.reports.at(-1)!.createdAt,
    };
  }

  async mutes(cursor: string | undefined, limit: number): Promise<Paged<Mute>> {
    return this.named(
      await this.deps.store.moderation.activeMutes(new Date(this.deps.clock.now()), cursor, limit),
    );
  }

  async bans(cursor: string | undefined, limit: number): Promise<Paged<Ban>> {
    return this.named(
      await this.deps.store.moderation.activeBans(new Date(this.deps.clock.now()), cursor, limit),
    );
  }

  /** A page of mutes or bans with each user's display name (one read for the page). */
  private async named<T extends { userId: string }>(page: Paged<T>): Promise<Paged<T>> {
    const users = await this.deps.store.getUsers([...new Set(page.items.map((i) => i.userId))]);
    const names = new Map(users.map((u) => [u.id, u.name]));
    const items = page.items.map((i) => {
      const userName = names.get(i.userId);
      return userName === undefined ? i : { ...i, userName };
    });
    return { items, nextCursor: page.nextCursor };
  }

  auditLog(
    filter: AuditFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<Paged<AuditEntry>> {
    return this.deps.store.moderation.auditLog(filter, cursor, limit);
  }

  private assertModerator(actor: UserLike): void {
    if (!isModerator(actor)) throw forbidden('this needs the moderator or admin role');
  }

  private async assertModeratesRoom(actor: UserLike, room: string): Promise<void> {
    if (isModerator(actor)) return;
    const record = await this.deps.store.getRoom(room);
    if (!record || !canModerateRoom(actor, record)) {
      throw forbidden(`you do not moderate ${room}`);
    }
  }
}
