import { refusalCode } from '../../../protocol/refusal.js';
import { CheckFailure, type CheckContext, type CheckDefinition } from './check-context.js';

/** The Engine.IO v4 open packet (`0{...}`) fields the suite looks at. */
interface OpenPacket {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  maxPayload: number;
}

async function fetchWithTimeout(ctx: CheckContext, url: string, init?: RequestInit) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.options.timeoutMs);
  try {
    return await fetch(url, { ...init, signal: controller.signal });
  } catch (err) {
    throw new CheckFailure(`${url}: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

function engineUrl(ctx: CheckContext, sid?: string): string {
  const query = `EIO=4&transport=polling&t=${Date.now().toString(36)}`;
  return `${ctx.options.url}/socket.io/?${query}${sid ? `&sid=${encodeURIComponent(sid)}` : ''}`;
}

function parseOpenPacket(body: string): OpenPacket {
  if (!body.startsWith('0{')) {
    throw new CheckFailure(`expected an open packet "0{...}", got "${body.slice(0, 40)}"`);
  }
  const open = JSON.parse(body.slice(1)) as Partial<OpenPacket>;
  if (typeof open.sid !== 'string' || !Array.isArray(open.upgrades)) {
    throw new CheckFailure('open packet lacks sid or upgrades');
  }
  return open as OpenPacket;
}

const health: CheckDefinition = {
  name: 'http health',
  async run(ctx) {
    const res = await fetchWithTimeout(ctx, `${ctx.options.url}/health`);
    if (!res.ok) throw new CheckFailure(`GET /health answered ${res.status}`);
    const body = (await res.json()) as { status?: string; version?: string };
    if (body.status !== 'ok') throw new CheckFailure(`status is "${String(body.status)}"`);
    return { status: res.status, version: body.version ?? 'unknown' };
  },
};

/**
 * The raw long-polling handshake a proxy most often breaks: the open packet,
 * then a Socket.IO CONNECT with the token over the same session, then a close.
 */
const pollingHandshake: CheckDefinition = {
  name: 'engine.io polling handshake',
  async run(ctx) {
    const res = await fetchWithTimeout(ctx, engineUrl(ctx));
    if (!res.ok) throw new CheckFailure(`handshake answered ${res.status}`);
    const open = parseOpenPacket(await res.text());
    if (!open.upgrades.includes('websocket')) {
      throw new CheckFailure(`server offers no websocket upgrade (${open.upgrades.join(',')})`);
    }
    const connect = `40${JSON.stringify({ token: ctx.options.token })}`;
    const post = await fetchWithTimeout(ctx, engineUrl(ctx, open.sid), {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: connect,
    });
    if (!post.ok) throw new CheckFailure(`CONNECT post answered ${post.status}`);
    const answer = await (await fetchWithTimeout(ctx, engineUrl(ctx, open.sid))).text();
    // Several packets in one polling payload are separated by the record separator.
    const packets = answer.split('\x1e');
    if (!packets.some((p) => p.startsWith('40{'))) {
      throw new CheckFailure(`socket.io CONNECT not acknowledged: "${answer.slice(0, 60)}"`);
    }
    await fetchWithTimeout(ctx, engineUrl(ctx, open.sid), { method: 'POST', body: '1' });
    return { pingInterval: open.pingInterval, pingTimeout: open.pingTimeout };
  },
};

const upgrade: CheckDefinition = {
  name: 'upgrade to websocket',
  async run(ctx) {
    const socket = ctx.open({ transports: ['polling', 'websocket'] });
    const upgraded = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new CheckFailure(`no upgrade within ${ctx.options.timeoutMs} ms`)),
        ctx.options.timeoutMs,
      );
      socket.io.on('open', () => {
        const engine = socket.io.engine;
        const first = engine.transport.name;
        engine.on('upgrade', () => {
          clearTimeout(timer);
          resolve(first);
        });
      });
      socket.once('connect_error', (err: Error) => {
        clearTimeout(timer);
        reject(new CheckFailure(`connect_error: ${err.message}`));
      });
    });
    const first = await upgraded;
    if (first !== 'polling') throw new CheckFailure(`started on ${first}, not polling`);
    const now = socket.io.engine.transport.name;
    if (now !== 'websocket') throw new CheckFailure(`transport after upgrade is ${now}`);
    return { from: first, to: now };
  },
};

const websocketOnly: CheckDefinition = {
  name: 'websocket-only connect',
  async run(ctx) {
    const socket = await ctx.connect({ transports: ['websocket'] });
    const transport = socket.io.engine.transport.name;
    if (transport !== 'websocket') throw new CheckFailure(`connected over ${transport}`);
    return { transport };
  },
};

const badToken: CheckDefinition = {
  name: 'bad token refused',
  async run(ctx) {
    const socket = ctx.open({ token: 'not.a.valid-token' });
    const message = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new CheckFailure(`no connect_error within ${ctx.options.timeoutMs} ms`)),
        ctx.options.timeoutMs,
      );
      socket.once('connect', () => {
        clearTimeout(timer);
        reject(new CheckFailure('a forged token was accepted'));
      });
      socket.once('connect_error', (err: Error & { type?: string }) => {
        clearTimeout(timer);
        // Only a refusal the server sent counts; an unreachable server refuses nothing.
        const code = refusalCode(err);
        if (err.type === 'TransportError' || err.message === 'timeout') {
          reject(new CheckFailure(`no answer from the server: ${err.message}`));
        } else {
          resolve(code ? `${code}: ${err.message}` : err.message);
        }
      });
    });
    return { error: message };
  },
};

/** Checks of the transport layer, in the order a client meets them. */
export const transportChecks: CheckDefinition[] = [
  health,
  pollingHandshake,
  upgrade,
  websocketOnly,
  badToken,
];
