import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The WebSocket server under engine.io (its `wsEngine` option), with one change:
 * what is written to one connection within a turn of the event loop leaves in one
 * system call. A broadcast writes each recipient's frame at once, and every further
 * frame for the same socket in the same turn (the rest of a group commit's batch, an
 * ack beside a room's echo) used to be a `writev` of its own: at high rates those
 * calls were most of the server's CPU. Corking the connection until the next tick
 * sends them together, so the busier the server, the fewer calls per frame.
 */
export class CorkedWebSocketServer extends WebSocketServer {
  override handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    callback: (client: WebSocket, request: IncomingMessage) => void,
  ): void {
    super.handleUpgrade(request, socket, head, (client, req) => {
      corkPerTick(socket);
      callback(client, req);
    });
  }
}

/** The uncork of every socket corked in this tick, run together by one `process.nextTick`. */
const pending: (() => void)[] = [];

function uncorkAll(): void {
  // A write made while uncorking (a drain callback) corks its socket again, for the next tick.
  for (const uncork of pending.splice(0)) uncork();
}

/**
 * Makes the first write of each tick cork `socket` until the next tick (Node's own
 * idiom for batching writes). One tick callback uncorks every socket written in the
 * tick: a broadcast to a thousand sockets schedules one, not a thousand.
 */
export function corkPerTick(socket: Duplex): void {
  const write = socket.write;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = function corkedWrite(this: Duplex, ...args: Parameters<Duplex['write']>) {
    if (!corked) {
      corked = true;
      socket.cork();
      if (pending.push(uncork) === 1) process.nextTick(uncorkAll);
    }
    return write.apply(this, args);
  } as Duplex['write'];
}
