import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import {
  emitWithAck,
  unwrapAck,
  type AckDataOf,
  type AckEventOf,
  type PayloadOf,
} from '../../protocol/ack.js';
import { isSignInRefusal } from '../../protocol/refusal.js';
import type {
  AdminAction,
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  AdminSession,
  Overview,
  StatsPoint,
} from '../../protocol/admin.js';

export type AdminSocket = Socket<AdminServerToClientEvents, AdminClientToServerEvents>;
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'refused' | 'offline';

/** Admin events answered by an ack, and the data each ack carries. */
export type AdminRequest = AckEventOf<AdminClientToServerEvents>;
export type AdminRequestData<E extends AdminRequest> = AckDataOf<AdminClientToServerEvents, E>;

/** How many one-second stats points the charts keep (ten minutes). */
export const STATS_WINDOW = 600;
const ACTIONS_KEPT = 50;
const REQUEST_TIMEOUT_MS = 8000;

/**
 * Holds the console's one connection to the `/admin` namespace and the live
 * state it streams (overview, one-second stats, admin actions), and asks the
 * host to render whenever any of it changes.
 */
export class AdminConnection implements ReactiveController {
  status: ConnectionStatus = 'idle';
  error = '';
  session: AdminSession | null = null;
  overview: Overview | null = null;
  stats: StatsPoint[] = [];
  actions: AdminAction[] = [];
  /** How many reports were filed since the console connected (the queue reloads on each). */
  reports = 0;

  private socket: AdminSocket | null = null;
  private readonly host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.host = host;
    host.addController(this);
  }

  /** Whether the signed-in operator may act (disconnect, notices), not only read. */
  get canAct(): boolean {
    return this.session?.canAct ?? false;
  }

  hostDisconnected(): void {
    this.close();
  }

  /** Connects with `token`, replacing any previous connection. */
  open(token: string): void {
    this.close();
    this.status = 'connecting';
    this.error = '';
    const socket: AdminSocket = io('/admin', {
      auth: { token },
      transports: ['websocket', 'polling'],
      reconnectionDelayMax: 5000,
    });
    this.socket = socket;
    socket.on('connect', () => this.update({ status: 'open', error: '' }));
    socket.on('connect_error', (err: Error) => {
      // A refused token will not get better by retrying; a network error might.
      const refused = isSignInRefusal(err);
      if (refused) socket.disconnect();
      this.update({ status: refused ? 'refused' : 'offline', error: err.message });
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      // The server ends a console only when its token expires; signing in again is the fix.
      if (reason === 'io server disconnect') {
        this.update({
          status: 'refused',
          error: 'the session ended (token expired); sign in again',
        });
      } else {
        this.update({ status: 'offline', error: reason });
      }
    });
    socket.on('session', (session) => this.update({ session }));
    socket.on('overview', (overview) => this.update({ overview }));
    socket.on('stats_history', (points) => {
      this.stats = points.slice(-STATS_WINDOW);
      this.host.requestUpdate();
    });
    socket.on('stats', (point) => {
      this.stats = [...this.stats.slice(-(STATS_WINDOW - 1)), point];
      this.host.requestUpdate();
    });
    socket.on('report', () => {
      this.reports++;
      this.host.requestUpdate();
    });
    socket.on('action', (action) => {
      this.actions = [action, ...this.actions].slice(0, ACTIONS_KEPT);
      this.host.requestUpdate();
    });
  }

  /** Closes the connection and forgets everything it streamed. */
  close(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.status = 'idle';
    this.session = null;
    this.overview = null;
    this.stats = [];
    this.actions = [];
  }

  /** Sends an acknowledged admin event; rejects with the server's message on refusal. */
  async request<E extends AdminRequest>(
    event: E,
    payload: PayloadOf<AdminClientToServerEvents, E>,
  ): Promise<AdminRequestData<E>> {
    const socket = this.socket;
    if (!socket?.connected) throw new Error('not connected to the server');
    const answer = await emitWithAck<AdminClientToServerEvents, E>(
      socket,
      event,
      payload,
      REQUEST_TIMEOUT_MS,
    ).catch(() => {
      throw new Error(`${event}: timed out`);
    });
    return unwrapAck(answer);
  }

  private update(
    patch: Partial<Pick<AdminConnection, 'status' | 'error' | 'session' | 'overview'>>,
  ) {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }
}
