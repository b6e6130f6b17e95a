import type { Namespace, Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../protocol/wire.js';

/** What the server keeps on each socket (`socket.data`): server-only, not part of the protocol. */
export interface SocketData {
  user: { id: string; name: string; avatar?: string; roles: string[]; expiresAt: number };
}
import type { AdminClientToServerEvents, AdminServerToClientEvents } from '../../protocol/admin.js';
import type { InterServerEvents } from './inter-server.js';

/** The typed Socket.IO server of the chat namespace. */
export type ChatServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;
export type AdminSocket = Socket<
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** Per-user socket room, for events addressed to a user rather than a chat room. */
export const userRoom = (userId: string) => `user:${userId}`;

export type AdminNamespace = Namespace<
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** The `/admin` namespace of the one Server, with its own event maps. */
export const adminNamespace = (io: ChatServer) => io.of('/admin') as unknown as AdminNamespace;
