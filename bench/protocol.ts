/**
 * The IPC messages between the bench runner and its load-worker processes. Every
 * request carries an `id` that its reply echoes.
 */
import type { SerializedHistogram } from './stats.js';

/** One simulated client: a user, optionally subscribed to a room, optionally its sender. */
export interface ClientSpec {
  user: string;
  room?: string;
  sender?: boolean;
  /** Server to connect to, when not the pool's URL (two nodes). */
  url?: string;
  /**
   * Reconnect as the widget does (its back-off and jitter) and, after every
   * reconnect, rejoin the room and `sync` it: the reconnect storm.
   */
  reconnect?: boolean;
}

export type WorkerRequest =
  | {
      id: number;
      type: 'connect';
      url: string;
      secret: string;
      clients: ClientSpec[];
      concurrency: number;
    }
  | { id: number; type: 'step'; step: number; ratePerSender: number; durationMs: number }
  | { id: number; type: 'collect'; step: number }
  | { id: number; type: 'status' }
  | { id: number; type: 'recovery'; since: number }
  | { id: number; type: 'flood'; kind: 'join' | 'typing'; room: string }
  | { id: number; type: 'query'; queries: QuerySpec[]; repeat: number }
  | { id: number; type: 'quotes'; rounds: number[] }
  | { id: number; type: 'close' };

/** One timed request over the socket: a `history` or `sync` call. */
export interface QuerySpec {
  label: string;
  event: 'history' | 'sync';
  payload: Record<string, unknown>;
}

export interface ConnectReply {
  type: 'connected';
  ok: number;
  failed: number;
  errors: string[];
  connectMs: SerializedHistogram;
  joinedByRoom: Record<string, number>;
}

export interface StepReply {
  type: 'stepped';
}

export interface StatsReply {
  type: 'stats';
  sentByRoom: Record<string, number>;
  receivedByRoom: Record<string, number>;
  acked: number;
  ackErrors: number;
  ackErrorSample: string[];
  latency: SerializedHistogram;
  ackLatency: SerializedHistogram;
  stale: number;
  worstBySlot: number[];
  /** The worker's own event-loop delay: high values mean the load generator, not the server, lags. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface StatusReply {
  type: 'status';
  connected: number;
  disconnects: number;
  reasons: Record<string, number>;
}

/** Reconnect-storm progress: clients back, rejoined and re-synced since `since`. */
export interface RecoveryReply {
  type: 'recovery';
  connected: number;
  resynced: number;
  /** Rejoins or syncs answered with an error (each one retried by reconnecting). */
  failures: number;
  errorSample: string[];
  /** Time from `since` to each client's re-sync, ms. */
  resyncMs: SerializedHistogram;
}

/** One abuse flood from the worker's first client (issue 8): what was sent and how it was answered. */
export interface FloodReply {
  type: 'flooded';
  sent: number;
  ok: number;
  rateLimited: number;
  other: number;
  ms: number;
}

/**
 * Live quotes: for every (subscribed client, push round) pair, how long from the
 * round's `ts` until the client held a quote of its room at least that new.
 */
export interface QuotesReply {
  type: 'quotes';
  pairs: number;
  /** Pairs whose round the client never caught up with. */
  missing: number;
  /** `quote` events received in all. */
  received: number;
  latency: SerializedHistogram;
}

export interface QueryReply {
  type: 'queried';
  results: { label: string; timesMs: number[]; count: number; errors: string[] }[];
}

export type WorkerReply = (
  | ConnectReply
  | StepReply
  | StatsReply
  | StatusReply
  | RecoveryReply
  | FloodReply
  | QueryReply
  | QuotesReply
  | { type: 'closed' }
  | { type: 'error'; message: string }
) & { id: number };

/** The payload of a bench message's `text`: step number and send time, one clock for all processes. */
export const encodeText = (step: number, sentAt: number) => `bench ${step} ${sentAt.toFixed(3)}`;

export function decodeText(text: string): { step: number; sentAt: number } | null {
  const parts = text.split(' ');
  if (parts.length !== 3 || parts[0] !== 'bench') return null;
  return { step: Number(parts[1]), sentAt: Number(parts[2]) };
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const now = () => performance.timeOrigin + performance.now();
