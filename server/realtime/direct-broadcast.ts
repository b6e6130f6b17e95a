import { Adapter, type BroadcastOptions } from 'socket.io-adapter';

/**
 * The parts of Socket.IO's, engine.io's and ws's objects the direct path reads.
 * They are not public API: every one is checked before use, and anything else, or
 * any exception, sends the packet the ordinary way (Socket.IO's own code).
 */
interface WsSocket {
  readyState: number;
  _socket?: { write(chunk: Buffer): boolean; writableLength: number };
  _sender?: { _state?: number; _queue?: unknown[] };
}
interface EngineConn {
  readyState: string;
  writeBuffer?: unknown[];
  transport: { name: string; writable: boolean; perMessageDeflate?: unknown; socket?: WsSocket };
}
interface AdapterSocket {
  client: { conn: EngineConn; writeToEngine(packets: unknown[], opts: unknown): void };
  notifyOutgoingListeners?: (packet: unknown) => void;
}
interface AdapterInternals {
  nsp: { name: string; server?: object };
  _encode(packet: unknown, opts: PacketOptions): unknown[];
  apply(opts: BroadcastOptions, callback: (socket: AdapterSocket) => void): void;
}
interface PacketOptions {
  preEncoded: true;
  volatile?: boolean;
  compress?: boolean;
  wsPreEncodedFrame?: unknown;
}
type Broadcast = (this: AdapterInternals, packet: { nsp?: string }, opts: BroadcastOptions) => void;

/** Deliveries of room broadcasts, by path: written straight to the socket, or by Socket.IO. */
export interface BroadcastPaths {
  direct: number;
  fallback: number;
}

const WS_OPEN = 1;
/**
 * Bytes waiting in a connection's socket past which a volatile packet (typing, a
 * quote) is dropped: the client is not keeping up, and the next one replaces it.
 * Engine.io drops them while a write is in flight; the frames of one tick stay far below.
 */
const VOLATILE_BACKLOG_BYTES = 64 * 1024;

/** The servers the direct path is on for, with their counts; the rest use Socket.IO's own. */
const enabled = new WeakMap<object, BroadcastPaths>();
let installed = 0;
let original: Broadcast | null = null;
const proto = Adapter.prototype as unknown as { broadcast: Broadcast };

/**
 * Writes a room broadcast's WebSocket frame straight to each recipient's TCP
 * socket, for the Socket.IO server `io` only. Socket.IO already encodes a broadcast
 * once and frames it once; what is left per recipient is engine.io's and ws's
 * bookkeeping (a packet object, five events, a write-completion callback that
 * re-arms the transport), which at 30,000 deliveries a second was a third of the
 * server's busy time. A recipient whose connection is anything but an idle, open,
 * uncompressed WebSocket (polling, mid-upgrade, a packet already queued, a closing
 * socket, permessage-deflate) gets the packet the ordinary way, so frames never
 * overtake each other, and so does every recipient when a private field is not
 * what this code expects (a Socket.IO upgrade): a broadcast is never lost to it.
 *
 * Socket.IO's in-memory adapter and the Redis adapter (for its local delivery)
 * both call `Adapter.prototype.broadcast` through `super`, so that is where this
 * hooks in, as Socket.IO's own uWebSockets integration does: installed while at
 * least one server has it on, and the original put back by the last `disable()`.
 * `paths` counts the deliveries of each path (/metrics: a silent fallback shows).
 */
export function enableDirectBroadcast(io: object): { paths: BroadcastPaths; disable(): void } {
  const paths: BroadcastPaths = { direct: 0, fallback: 0 };
  if (installed++ === 0) {
    original = proto.broadcast;
    proto.broadcast = directBroadcast;
  }
  enabled.set(io, paths);
  let on = true;
  return {
    paths,
    disable() {
      if (!on) return;
      on = false;
      enabled.delete(io);
      if (--installed === 0 && original) {
        proto.broadcast = original;
        original = null;
      }
    },
  };
}

const directBroadcast: Broadcast = function (packet, opts) {
  const ordinary = original!;
  const paths = this.nsp?.server ? enabled.get(this.nsp.server) : undefined;
  if (!paths || typeof this._encode !== 'function' || typeof this.apply !== 'function')
    return ordinary.call(this, packet, opts);
  const flags = opts.flags ?? {};
  const packetOpts: PacketOptions = {
    preEncoded: true,
    volatile: flags.volatile,
    compress: flags.compress,
  };
  let encoded: unknown[];
  let frame: Buffer | null;
  try {
    packet.nsp = this.nsp.name;
    encoded = this._encode(packet, packetOpts);
    frame = frameOf(packetOpts.wsPreEncodedFrame);
    // A pre-built frame of another shape would reach the socket as it is: let engine.io frame it.
    if (!frame) delete packetOpts.wsPreEncodedFrame;
  } catch {
    return ordinary.call(this, packet, opts);
  }
  this.apply(opts, (socket) => {
    socket.notifyOutgoingListeners?.(packet);
    if (frame && tryDirect(socket, frame, packetOpts.volatile)) {
      paths.direct += 1;
      return;
    }
    paths.fallback += 1;
    socket.client.writeToEngine(encoded, packetOpts);
  });
};

/** The one WebSocket frame Socket.IO pre-built for the packet, or null (binary, or a change). */
function frameOf(parts: unknown): Buffer | null {
  if (!Array.isArray(parts) || parts.length === 0) return null;
  if (!parts.every((part) => Buffer.isBuffer(part))) return null;
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts as Buffer[]);
}

/** The direct write for one recipient; false (nothing written) leaves it to Socket.IO. */
function tryDirect(socket: AdapterSocket, frame: Buffer, volatile = false): boolean {
  try {
    return writeDirect(socket.client.conn, frame, volatile);
  } catch {
    return false;
  }
}

/**
 * Writes `frame` to the connection's TCP socket when nothing else is queued before
 * it (or drops it, when volatile and the client is behind); false leaves it to engine.io.
 */
function writeDirect(conn: EngineConn, frame: Buffer, volatile: boolean): boolean {
  const { transport } = conn;
  if (
    conn.readyState !== 'open' ||
    transport.name !== 'websocket' ||
    transport.writable !== true ||
    transport.perMessageDeflate ||
    !Array.isArray(conn.writeBuffer) ||
    conn.writeBuffer.length !== 0
  )
    return false;
  const ws = transport.socket;
  const sender = ws?._sender;
  const tcp = ws?._socket;
  if (!ws || ws.readyState !== WS_OPEN || !tcp || !sender) return false;
  if (typeof tcp.write !== 'function' || typeof tcp.writableLength !== 'number') return false;
  if (sender._state !== 0 || !Array.isArray(sender._queue) || sender._queue.length !== 0)
    return false;
  if (volatile && tcp.writableLength > VOLATILE_BACKLOG_BYTES) return true;
  tcp.write(frame);
  return true;
}
