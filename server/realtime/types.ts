import type { Server, Socket } from 'socket.io';
import type {
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  ClientToServerEvents,
  ServerToClientEvents,
  SocketData,
} from '../protocol.js';

/** The typed Socket.IO server of the chat namespace. */
export type ChatServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type AdminSocket = Socket<
  AdminClientToServerEvents,
  AdminServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** Per-user socket room, for events addressed to a user rather than a chat room. */
export const userRoom = (userId: string) => `user:${userId}`;
