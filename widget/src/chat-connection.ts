/**
 * The socket's lifecycle: connect with the token in `handshake.auth`, refresh
 * the token on every (re)connect, recover from `token expired`/`unauthorized`
 * handshake errors and from server-side disconnects, and report a status the
 * chip can show. Chat logic lives in `ChatController`, not here.
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/wire.js';
import type { Refusal } from './connect-refusal.js';
import type { StockChatErrorDetail } from './events.js';
import type { ConnectionStatus } from './types.js';

/** The typed client socket. */
export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectionCallbacks {
  status(status: ConnectionStatus): void;
  /** Called on every successful connect; `first` is false after a reconnect. */
  connected(socket: ChatSocket, first: boolean): void;
  error(detail: StockChatErrorDetail): void;
}

/** How often a connected socket checks that the server still answers, and how long it waits. */
export const HEARTBEAT_MS = 10_000;
export const HEARTBEAT_TIMEOUT_MS = 8_000;
const MAX_AUTH_RETRIES = 5;

export class ChatConnection {
  readonly socket: ChatSocket;
  private everConnected = false;
  private authRetries = 0;
  private tokenUnavailable = false;
  private tokenFailures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    server: string,
    token: () => Promise<string>,
    private readonly canRefresh: boolean,
    private readonly on: ConnectionCallbacks,
  ) {
    this.socket = io(server, {
      // The function form runs on every (re)connect, so a refreshed token is used.
      auth: (cb) => {
        token().then(
          (value) => cb({ token: value }),
          () => {
            // The host's token endpoint failed (down, or restarting): not a refusal to count.
            this.tokenUnavailable = true;
            cb({ token: '' });
          },
        );
      },
      // WebSocket first (no CORS preflight, no upgrade step); long-polling if it is blocked.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 4000,
      timeout: 8000,
      autoConnect: false,
    });
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    this.socket.on('connect_error', this.onConnectError);
    this.socket.io.on('reconnect_attempt', () => this.on.status(this.dropped()));
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    // The server only notices a dead link after its 45 s ping window; ask it ourselves.
    this.heartbeat = setInterval(this.checkAlive, HEARTBEAT_MS);
    this.on.status('connecting');
    this.socket.connect();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Stops for good: no reconnects, listeners removed. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.heartbeat);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.socket.removeAllListeners();
    this.socket.io.removeAllListeners();
    this.socket.disconnect();
  }

  private onConnect = (): void => {
    const first = !this.everConnected;
    this.everConnected = true;
    this.authRetries = 0;
    this.tokenFailures = 0;
    this.on.status('online');
    this.on.connected(this.socket, first);
  };

  private onDisconnect = (reason: string): void => {
    if (this.closed || reason === 'io client disconnect') return;
    this.on.status(this.dropped());
    // The server ended this socket (token expiry, kick): Socket.IO will not retry by itself.
    if (reason === 'io server disconnect') this.retrySoon(300);
  };

  private onConnectError = (error: Error): void => {
    if (this.closed) return;
    if (this.socket.active) {
      // A transport failure: the manager keeps retrying with backoff.
      this.on.status(this.everConnected ? 'reconnecting' : 'connecting');
      return;
    }
    if (this.tokenUnavailable) {
      // Keep trying for as long as it takes, backing off to 30 s: the chat comes back on its own.
      this.tokenUnavailable = false;
      this.tokenFailures += 1;
      this.on.status(this.everConnected ? 'reconnecting' : 'connecting');
      this.retrySoon(Math.min(30_000, 250 * 2 ** this.tokenFailures));
      return;
    }
    // The server refused the handshake. Reading why loads with the first refusal; if it
    // cannot load, the chat says it cannot connect (going online tries again).
    void import('./connect-refusal.js').then(
      ({ readRefusal }) => this.onRefused(readRefusal(error)),
      () =>
        this.onRefused({
          authProblem: false,
          detail: { code: 'connect_failed', message: error.message },
        }),
    );
  };

  /** Only a fresh token can help a refused sign-in: retried with one a few times, else offline. */
  private onRefused({ authProblem, detail }: Refusal): void {
    if (this.closed || this.socket.connected) return;
    if (authProblem && this.canRefresh && this.authRetries < MAX_AUTH_RETRIES) {
      this.authRetries += 1;
      this.on.status(this.everConnected ? 'reconnecting' : 'connecting');
      this.retrySoon(250 * 2 ** this.authRetries);
      return;
    }
    this.on.status('offline');
    this.on.error(detail);
  }

  /** The status of a lost link: offline while the browser has no network, else reconnecting. */
  private dropped(): ConnectionStatus {
    return navigator.onLine ? 'reconnecting' : 'offline';
  }

  private onOnline = (): void => {
    if (!this.socket.connected) this.retrySoon(0);
  };

  private onOffline = (): void => {
    // The browser knows the network is gone: say so now, and let Socket.IO find out and retry.
    this.on.status('offline');
    if (this.socket.connected) this.socket.io.engine?.close();
  };

  /** A ping the server must answer in time; without an answer the link is treated as dropped. */
  private checkAlive = (): void => {
    if (!this.socket.connected) return;
    this.socket
      .timeout(HEARTBEAT_TIMEOUT_MS)
      .emitWithAck('ping', { t: Date.now() })
      .catch(() => {
        if (this.closed || !this.socket.connected) return;
        this.on.status('reconnecting');
        this.socket.io.engine?.close();
      });
  };

  private retrySoon(delay: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.closed && !this.socket.connected) this.socket.connect();
    }, delay);
  }
}
