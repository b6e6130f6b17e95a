import { percentile } from '../../../protocol/percentile.js';
import { CheckFailure, type ChatSocket, type CheckDefinition } from './check-context.js';
import { join, round, send } from './checks-messaging.js';

const pingRtt: CheckDefinition = {
  name: 'ping/pong round trip',
  async run(ctx) {
    const socket = await ctx.connect();
    const samples: number[] = [];
    for (let i = 0; i < ctx.options.samples; i += 1) {
      const t = Date.now();
      const started = performance.now();
      const data = await ctx.request(socket, 'ping', { t });
      samples.push(performance.now() - started);
      if (data.t !== t) throw new CheckFailure(`pong carried t=${data.t}, sent ${t}`);
    }
    samples.sort((x, y) => x - y);
    return {
      samples: samples.length,
      p50: round(percentile(samples, 50)),
      p99: round(percentile(samples, 99)),
      max: round(samples[samples.length - 1] ?? 0),
    };
  },
};

/**
 * Cuts the transport under a client (as a network drop would), has a second
 * client post meanwhile, and checks that the reconnected client's `sync`
 * returns that message.
 */
const reconnectSync: CheckDefinition = {
  name: 'forced disconnect, reconnect and sync',
  async run(ctx) {
    const a = await ctx.connect({ reconnection: true });
    const b = await ctx.connect({ token: ctx.options.secondToken });
    const joined = await join(ctx, a);
    await join(ctx, b);
    const lastSeq = joined.lastSeq;
    const dropped = new Promise<string>((resolve) => a.once('disconnect', resolve));
    const started = performance.now();
    a.io.engine.close();
    const reason = await dropped;
    const clientId = ctx.clientId('sync');
    const missed = await send(ctx, b, clientId, 'diagnose: sent while the other was away');
    await new Promise<void>((resolve, reject) => {
      if (a.connected) return resolve();
      const timer = setTimeout(
        () => reject(new CheckFailure(`no reconnect within ${ctx.options.timeoutMs} ms`)),
        ctx.options.timeoutMs,
      );
      a.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const reconnectMs = performance.now() - started;
    const page = await ctx.request(a, 'sync', { rooms: [{ room: ctx.options.room, lastSeq }] });
    if (!page.messages.some((m) => m.clientId === clientId)) {
      throw new CheckFailure(
        `sync after seq ${lastSeq} lacks the message sent at seq ${missed.seq}`,
      );
    }
    return { reason, reconnectMs: round(reconnectMs), caughtUp: page.messages.length };
  },
};

const broadcast: CheckDefinition = {
  name: 'broadcast to K concurrent clients',
  async run(ctx) {
    const k = ctx.options.clients;
    const sockets: ChatSocket[] = await Promise.all(Array.from({ length: k }, () => ctx.connect()));
    await Promise.all(sockets.map((s) => join(ctx, s)));
    const clientId = ctx.clientId('fanout');
    const started = performance.now();
    const arrivals = sockets.map((s, i) =>
      ctx
        .waitForMessage(s, clientId, `client ${i + 1} of ${k}`)
        .then(() => performance.now() - started),
    );
    await send(ctx, sockets[0], clientId, `diagnose: broadcast to ${k} clients`);
    const times = await Promise.all(arrivals);
    return { clients: k, lastArrivalMs: round(Math.max(...times)) };
  },
};

/** Checks of latency, recovery and fan-out. */
export const resilienceChecks: CheckDefinition[] = [pingRtt, reconnectSync, broadcast];
