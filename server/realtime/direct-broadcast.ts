import { Adapter, type BroadcastOptions } from 'socket.io-adapter';

/**
 * The parts of Socket.IO's, engine.io's and ws's objects the direct path reads.
 * They are not public API, so every one is checked before each use, and any
 * surprise sends the packet the ordinary way.
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
  nsp: { name: string };
  _encode(packet: unknown, opts: PacketOptions): unknown[];
  apply(opts: BroadcastOptions, callback: (socket: AdapterSocket) => void): void;
}
interface PacketOptions {
  preEncoded: true;
  volatile?: boolean;
  compress?: boolean;
  wsPreEncodedFrame?: Buffer[];
}

const WS_OPEN = 1;
/**
 * Bytes waiting in a connection's socket past which a volatile packet (typing, a
 * quote) is dropped: the client is not keeping up, and the next one replaces it.
 * Engine.io drops them while a write is in flight; the frames of one tick stay far below.
 */
const VOLATILE_BACKLOG_BYTES = 64 * 1024;

/**
 * Writes a room broadcast's WebSocket frame straight to each recipient's TCP
 * socket. Socket.IO already encodes a broadcast once and frames it once; what is
 * left per recipient is engine.io's and ws's bookkeeping (a packet object, five
 * events, a write-completion callback that re-arms the transport), which at
 * 30,000 deliveries a second was a third of the server's busy time. A recipient whose
 * connection is anything but an idle, open, uncompressed WebSocket (a polling
 * client, a packet already queued, a closing socket) gets the packet the
 * ordinary way, so frames never overtake each other.
 *
 * It replaces `Adapter.prototype.broadcast`, which the in-memory adapter and the
 * Redis adapter (for its local delivery) both call, and is installed once.
 */
export function installDirectBroadcast(): void {
  const proto = Adapter.prototype as unknown as { broadcast: unknown; __direct?: true };
  if (proto.__direct) return;
  proto.__direct = true;
  proto.broadcast = function broadcast(
    this: AdapterInternals,
    packet: { nsp?: string },
    opts: BroadcastOptions,
  ): void {
    const flags = opts.flags ?? {};
    const packetOpts: PacketOptions = {
      preEncoded: true,
      volatile: flags.volatile,
      compress: flags.compress,
    };
    packet.nsp = this.nsp.name;
    const encoded = this._encode(packet, packetOpts);
    const frame = packetOpts.wsPreEncodedFrame ? Buffer.concat(packetOpts.wsPreEncodedFrame) : null;
    this.apply(opts, (socket) => {
      socket.notifyOutgoingListeners?.(packet);
      if (frame && writeDirect(socket.client.conn, frame, packetOpts.volatile)) return;
      socket.client.writeToEngine(encoded, packetOpts);
    });
  };
}

/**
 * Writes `frame` to the connection's TCP socket when nothing else is queued before
 * it (or drops it, when volatile and the client is behind); false leaves it to engine.io.
 */
function writeDirect(conn: EngineConn, frame: Buffer, volatile = false): boolean {
  const { transport } = conn;
  if (
    conn.readyState !== 'open' ||
    transport.name !== 'websocket' ||
    !transport.writable ||
    transport.perMessageDeflate ||
    conn.writeBuffer?.length !== 0
  )
    return false;
  const ws = transport.socket;
  const sender = ws?._sender;
  if (!ws || ws.readyState !== WS_OPEN || !ws._socket || !sender) return false;
  if (sender._state !== 0 || sender._queue?.length) return false;
  if (volatile && ws._socket.writableLength > VOLATILE_BACKLOG_BYTES) return true;
  ws._socket.write(frame);
  return true;
}
