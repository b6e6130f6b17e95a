import { schemas } from '../domain/validation.js';
import type { ClientToServerEvents } from '../../protocol/wire.js';
import type { ConnectionRegistry } from './connection-registry.js';
import { ackedFor, type HandlerContext } from './handle.js';
import type { ChatSocket } from './types.js';

/**
 * Heartbeats into the connection registry: the client's own `ping` (answered with the
 * server's time), Engine.IO's ping/pong round trip, and the upgrade to WebSocket.
 */
export function heartbeatHandlers(ctx: HandlerContext, registry: ConnectionRegistry) {
  const acked = ackedFor<ClientToServerEvents>(ctx);
  return (socket: ChatSocket) => {
    socket.on(
      'ping',
      acked('ping', schemas.ping, ({ t }) => {
        const pong = { t, serverTime: Date.now() };
        registry.heartbeat(socket.id);
        socket.emit('pong', pong);
        return pong;
      }),
    );

    // Engine.IO heartbeats: the server pings, the client pongs; the gap is the round trip.
    let pingSentAt = 0;
    socket.conn.on('packetCreate', (packet: { type: string }) => {
      if (packet.type === 'ping') pingSentAt = performance.now();
    });
    socket.conn.on('packet', (packet: { type: string }) => {
      if (packet.type === 'pong' && pingSentAt)
        registry.heartbeat(socket.id, performance.now() - pingSentAt);
    });
    socket.conn.once('upgrade', () => registry.upgraded(socket.id, 'websocket'));
  };
}
