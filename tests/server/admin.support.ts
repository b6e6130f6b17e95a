import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../protocol/wire.js';
import type {
  AdminSession,
  AdminClientToServerEvents,
  AdminServerToClientEvents,
} from '../../protocol/admin.js';

export type AdminClient = Socket<AdminServerToClientEvents, AdminClientToServerEvents> & {
  /** The `session` event, which arrives with the connection. */
  session: Promise<AdminSession>;
};

/** Opens a client on `/admin`; resolves when connected, rejects with the `connect_error`. */
export function adminClient(url: string, token: string | undefined): Promise<AdminClient> {
  const socket = io(`${url}/admin`, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  }) as AdminClient;
  socket.session = new Promise((resolve) => socket.once('session', resolve));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits an acknowledged admin event and resolves with its Ack. */
export function adminRequest<T>(
  socket: AdminClient,
  event: string,
  payload: unknown,
): Promise<Ack<T>> {
  return (socket as unknown as Socket).timeout(5000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

/** Polls `read` until `done` holds (the server sees a disconnect a moment after the client). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 3000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
