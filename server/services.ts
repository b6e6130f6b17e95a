import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { AppError } from './errors.js';
import { ApiKeys } from './domain/api-keys.js';
import { ChatService } from './domain/chat-service.js';
import { FriendsService } from './domain/friends-service.js';
import { NoticeService } from './domain/notice-service.js';
import { PeopleService } from './domain/people-service.js';
import { PresenceService } from './domain/presence-service.js';
import { ReactionService } from './domain/reactions.js';
import type { EventPublisher } from './domain/events.js';
import { AutoRules } from './domain/moderation/auto-rules.js';
import type { AuditWriter } from './domain/moderation/events.js';
import { MessageActions } from './domain/moderation/message-actions.js';
import { ModerationService } from './domain/moderation/moderation-service.js';
import { ModerationState } from './domain/moderation/moderation-state.js';
import { SendGuard, type SlowModeGate } from './domain/moderation/send-guard.js';
import type { RateLimit, UserLimits } from './limits/user-limits.js';
import type { Logger } from './logger.js';
import type { Store } from './store/types.js';
import type { ScaleOut } from './realtime/scale-out.js';

/**
 * The composition root of the domain: every service is built here, once, and handed
 * to the HTTP routes and the socket handlers alike (they parse, call, and answer).
 */
export interface Services {
  chat: ChatService;
  messages: MessageActions;
  reactions: ReactionService;
  moderation: ModerationService;
  state: ModerationState;
  audit: AuditWriter;
  friends: FriendsService;
  people: PeopleService;
  presence: PresenceService;
  notices: NoticeService;
  apiKeys: ApiKeys;
  /** Stops the periodic reload of moderation state. */
  stop(): void;
}

/**
 * Slow mode counted per user per room: one message per `seconds`, cluster-wide
 * when scaled out (so tabs on other nodes count too; memory-insured during a Redis
 * outage), one limit per distinct setting, from the shared per-user limits module.
 */
function slowModeGate(limits: UserLimits): SlowModeGate {
  const bySetting = new Map<number, RateLimit>();
  return async (room, userId, seconds) => {
    let limit = bySetting.get(seconds);
    if (!limit) {
      limit = limits.rate(
        `slow_mode_${seconds}`,
        { points: 1, windowMs: seconds * 1000 },
        'messages in slow mode',
        'cluster',
      );
      bySetting.set(seconds, limit);
    }
    try {
      await limit.consume(`${room}:${userId}`);
      return 0;
    } catch (err) {
      if (err instanceof AppError && err.code === 'rate_limited')
        return Math.max(1, err.details.retryAfterMs ?? 1);
      throw err;
    }
  };
}

export interface ServiceDeps {
  store: Store;
  config: Config;
  events: EventPublisher;
  scaleOut: ScaleOut;
  limits: UserLimits;
  log: Logger;
  /** What the rules read the time from (tests move a manual one). */
  clock: Clock;
  /** Whether the user has a socket open (on this node), for friends' and people's presence. */
  isOnline: (userId: string) => boolean;
}

/** Builds every domain service, announcing through `events`; loads the moderation state. */
export async function buildServices(input: ServiceDeps): Promise<Services> {
  const { store, config, events, scaleOut, limits, log, isOnline, clock } = input;
  const m = config.moderation;
  const state = new ModerationState(store.moderation, clock);
  await state.refresh();
  const audit: AuditWriter = async (entry) => {
    try {
      await store.moderation.audit(entry);
    } catch (err) {
      log.error({ err, entry }, 'audit log write failed');
    }
  };
  const rules = new AutoRules(
    {
      repeatCount: m.repeatCount,
      repeatWindowMs: m.repeatWindowSec * 1000,
      maxCashtags: m.maxCashtags,
      linkMinAccountAgeMs: m.linkMinAccountAgeMin * 60_000,
      blockedWords: m.blockedWords,
      blockedWordsAction: m.blockedWordsAction,
    },
    clock,
  );
  const guard = new SendGuard(state, rules, slowModeGate(limits), (entry) => {
    void audit({ actor: 'auto', ...entry });
  });
  const moderated = { state, guard };
  const chat = new ChatService(store, config.maxMessageLength, moderated, events, limits, clock);
  const messages = new MessageActions({
    store,
    chat,
    guard,
    events,
    audit,
    editWindowSec: m.editWindowSec,
    maxMessageLength: config.maxMessageLength,
    clock,
  });
  const reactions = new ReactionService({
    store,
    chat,
    guard,
    state,
    events,
    limit: limits.reactions,
  });
  const moderation = new ModerationService({
    store,
    chat,
    state,
    messages,
    events,
    audit,
    reportsAutoMute: m.reportsAutoMute,
    autoMuteMinutes: m.autoMuteMinutes,
    defaultMuteMinutes: m.defaultMuteMinutes,
    clock,
    limits,
  });
  // Other processes push their changes (moderation-sync.ts); a reload catches any lost in an outage.
  const reload = scaleOut.clustered
    ? clock.every(m.refreshMs, () => {
        state.refresh().catch((err: unknown) => log.warn({ err }, 'moderation reload failed'));
      })
    : undefined;
  return {
    chat,
    messages,
    reactions,
    moderation,
    state,
    audit,
    friends: new FriendsService(store, chat, events, isOnline, limits),
    people: new PeopleService(store, chat, events, isOnline, limits),
    presence: new PresenceService(store, events),
    notices: new NoticeService(events),
    apiKeys: new ApiKeys(store),
    stop: () => reload?.cancel(),
  };
}
