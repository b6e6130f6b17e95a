import { io, type Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  JoinChatData,
  Message,
  MessagesPage,
  SendMessageData,
  ServerToClientEvents,
} from '../../protocol/wire.js';

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface FleetOptions {
  url: string;
  /** PEM of the proxy's certificate (self-signed in tests). */
  ca: string;
  room: string;
  tokens: string[];
}

function ask<T>(socket: ChatSocket, event: string, payload: unknown, ms = 5000): Promise<Ack<T>> {
  return (socket as unknown as Socket).timeout(ms).emitWithAck(event, payload) as Promise<Ack<T>>;
}

/**
 * One chat client as the widget behaves: reconnects by itself (also after a server
 * shutdown), and on every (re)connect joins its room and syncs from the last seq
 * it saw, so a gap left by an outage is filled.
 */
export class FleetClient {
  readonly socket: ChatSocket;
  readonly seen = new Set<number>();
  /** Completed join + sync rounds; the first is the initial connect. */
  rounds = 0;
  joined = false;
  lastError = '';
  /** When the last join + sync round completed. */
  joinedAt = 0;
  /** Reconnect attempts since the last successful connect. */
  attempts = 0;
  disconnectedAt = 0;
  connectedAt = 0;

  constructor(
    private readonly opts: FleetOptions,
    token: string,
    transports: ('polling' | 'websocket')[],
  ) {
    this.socket = io(opts.url, {
      auth: { token, clientVersion: 'topology-test' },
      ca: opts.ca,
      transports,
      forceNew: true,
      reconnectionDelay: 300,
      reconnectionDelayMax: 2000,
    });
    this.socket.on('connect', () => {
      this.connectedAt = Date.now();
      void this.resume();
    });
    this.socket.io.on('reconnect_attempt', (n) => {
      this.attempts = n;
    });
    this.socket.on('connect_error', (err) => {
      this.lastError = `connect_error: ${err.message}`;
    });
    this.socket.on('disconnect', (reason) => {
      this.joined = false;
      this.disconnectedAt = Date.now();
      // A server shutting down says goodbye; the client comes back like the widget does.
      if (reason === 'io server disconnect') setTimeout(() => this.socket.connect(), 300);
    });
    this.socket.on('new_message', (m: Message) => {
      if (m.room === opts.room) this.seen.add(m.seq);
    });
  }

  get lastSeq(): number {
    let seq = 0;
    while (this.seen.has(seq + 1)) seq++;
    return seq;
  }

  private async resume(): Promise<void> {
    try {
      const join = await ask<JoinChatData>(this.socket, 'join_chat', { room: this.opts.room });
      if (!join.ok) throw new Error(`join_chat refused: ${join.error.code}`);
      await this.sync();
      this.joined = true;
      this.rounds++;
      this.joinedAt = Date.now();
    } catch (err) {
      // The connection dropped mid-way (the next 'connect' runs this again) or was refused.
      this.lastError = err instanceof Error ? err.message : String(err);
    }
  }

  /** Fetches everything after the first gap until the server has no more. */
  async sync(): Promise<void> {
    for (;;) {
      const page = await ask<MessagesPage>(this.socket, 'sync', {
        rooms: [{ room: this.opts.room, lastSeq: this.lastSeq }],
      });
      if (!page.ok) throw new Error(`sync refused: ${page.error.code}`);
      for (const m of page.data.messages) if (m.room === this.opts.room) this.seen.add(m.seq);
      if (!page.data.hasMore) return;
    }
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * Sends one message after another through the proxy, retrying each (same clientId)
 * until it is acknowledged, and remembers every acknowledged seq.
 */
export class Sender {
  readonly acked: number[] = [];
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly client: FleetClient;
  private readonly room: string;

  constructor(opts: FleetOptions, token: string) {
    this.room = opts.room;
    this.client = new FleetClient(opts, token, ['websocket']);
  }

  start(intervalMs = 50): void {
    this.running = true;
    this.loop = (async () => {
      for (let n = 0; this.running; n++) {
        const clientId = `topo-${Date.now()}-${n}`;
        for (;;) {
          try {
            const ack = await ask<SendMessageData>(
              this.client.socket,
              'send_message',
              { room: this.room, text: `message ${n}`, clientId },
              2000,
            );
            if (ack.ok) {
              this.acked.push(ack.data.message.seq);
              break;
            }
          } catch {
            // No answer (the node died or we are reconnecting): retry with the same clientId.
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  close(): void {
    this.client.close();
  }
}
