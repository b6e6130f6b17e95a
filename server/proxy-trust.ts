import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Which reverse proxies' `X-Forwarded-*` headers count (TRUST_PROXY): the `hops`
 * proxies nearest the server (`0`: none), or every proxy whose address is in `ranges`
 * (addresses and CIDR ranges).
 */
export type TrustProxy = { hops: number } | { ranges: string[] };

/** An address as one client's key: IPv4-mapped IPv6 (`::ffff:10.0.0.1`) as plain IPv4. */
export function plainAddress(address: string): string {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

/** One X-Forwarded-For entry as an address (some proxies add a port), or null when it is none. */
function forwardedAddress(entry: string): string | null {
  const bare =
    /^\[([^\]]+)\](?::\d+)?$/.exec(entry)?.[1] ??
    /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry)?.[1] ??
    entry;
  const address = plainAddress(bare);
  return isIP(address) ? address : null;
}

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** `10.0.0.0/8`, `fd00::/8` or a single address, added to `list`; false when it is neither. */
function addRange(list: BlockList, range: string): boolean {
  const [net = '', prefix, extra] = range.split('/');
  const address = plainAddress(net);
  if (!isIP(address) || extra !== undefined) return false;
  if (prefix === undefined) {
    list.addAddress(address, family(address));
    return true;
  }
  const bits = Number(prefix);
  const max = isIP(address) === 6 ? 128 : 32;
  if (!/^\d+$/.test(prefix) || bits > max) return false;
  list.addSubnet(address, bits, family(address));
  return true;
}

/**
 * Parses TRUST_PROXY: `false`/`0` (no proxy), `true` (one, as `1`), a number of
 * proxies in front, or a comma-separated list of the proxies' addresses and CIDR
 * ranges. Null for anything else.
 */
export function parseTrustProxy(value: string): TrustProxy | null {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false') return { hops: 0 };
  if (v === 'true') return { hops: 1 };
  if (/^\d{1,3}$/.test(v)) return { hops: Number(v) };
  const ranges = v.split(',').map((r) => r.trim());
  const probe = new BlockList();
  return ranges.every((r) => addRange(probe, r)) ? { ranges } : null;
}

/**
 * The one place a client's address and a proxied request's scheme and host are read
 * (Koa's `ctx.ip`, the Socket.IO handshake's limits and the console, the same-origin
 * check). Only a trusted proxy's own hop counts: whatever a client wrote into
 * `X-Forwarded-For` sits left of it and is never read.
 */
export class ProxyTrust {
  private readonly hops: number;
  private readonly ranges: BlockList | null = null;

  constructor(trust: TrustProxy) {
    if ('hops' in trust) {
      this.hops = trust.hops;
    } else {
      this.hops = 0;
      const list = new BlockList();
      for (const range of trust.ranges) addRange(list, range);
      this.ranges = list;
    }
  }

  /** Whether `address`, `hop` proxies away from the server (0: the socket peer), is a trusted proxy. */
  private trusted(address: string, hop: number): boolean {
    if (!this.ranges) return hop < this.hops;
    return isIP(address) !== 0 && this.ranges.check(address, family(address));
  }

  /**
   * The client's address: from the socket peer leftwards through X-Forwarded-For, past
   * each trusted proxy, the first address that is not one. An entry that is not an
   * address stops the walk at the proxy that wrote it.
   */
  clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined): string {
    const chain = [
      ...[forwardedFor ?? []]
        .flat()
        .flatMap((h) => h.split(','))
        .map((e) => e.trim()),
      plainAddress(peer ?? ''),
    ];
    let i = chain.length - 1;
    for (let hop = 0; i > 0 && this.trusted(chain[i]!, hop); hop++) {
      const next = forwardedAddress(chain[i - 1]!);
      if (next === null) break;
      chain[--i] = next;
    }
    return chain[i]!;
  }

  /** `clientAddress` of a request (an HTTP request or a Socket.IO handshake's). */
  addressOf(req: IncomingMessage): string {
    return this.clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']);
  }

  /**
   * The value the nearest proxy set for `X-Forwarded-Proto` or `-Host` (the right-most),
   * when the request came from a trusted proxy; undefined otherwise.
   */
  forwarded(req: IncomingMessage, header: 'x-forwarded-proto' | 'x-forwarded-host') {
    if (!this.trusted(plainAddress(req.socket.remoteAddress ?? ''), 0)) return undefined;
    const value = req.headers[header];
    return (Array.isArray(value) ? value.join(',') : value)?.split(',').pop()?.trim() || undefined;
  }
}
