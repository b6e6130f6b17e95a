import {
  CheckFailure,
  type ChatSocket,
  type CheckContext,
  type CheckDefinition,
} from './check-context.js';

/** Joins the suite's room and returns the ack data. */
export async function join(ctx: CheckContext, socket: ChatSocket) {
  return ctx.request(socket, 'join_chat', { room: ctx.options.room });
}

/**
 * Sends one message and returns it as the server stored it. The clientId goes
 * into the text, so repeated runs never look like the same text posted again
 * (the server's spam rule refuses a third copy within ten minutes).
 */
export async function send(ctx: CheckContext, socket: ChatSocket, clientId: string, text: string) {
  const { room } = ctx.options;
  const unique = `${text} [${clientId}]`;
  const data = await ctx.request(socket, 'send_message', { room, text: unique, clientId });
  return data.message;
}

/** Opens the two clients most checks need, both subscribed to the room. */
export async function pair(ctx: CheckContext): Promise<[ChatSocket, ChatSocket]> {
  const [a, b] = await Promise.all([
    ctx.connect(),
    ctx.connect({ token: ctx.options.secondToken }),
  ]);
  await Promise.all([join(ctx, a), join(ctx, b)]);
  return [a, b];
}

const joinLeave: CheckDefinition = {
  name: 'join and leave',
  async run(ctx) {
    const socket = await ctx.connect();
    const joined = await join(ctx, socket);
    if (joined.room !== ctx.options.room) {
      throw new CheckFailure(`joined "${joined.room}", asked for "${ctx.options.room}"`);
    }
    if (typeof joined.lastSeq !== 'number') throw new CheckFailure('join ack lacks lastSeq');
    const left = await ctx.request(socket, 'leave_chat', { room: ctx.options.room });
    if (left.room !== ctx.options.room) throw new CheckFailure(`left "${left.room}"`);
    return { lastSeq: joined.lastSeq, members: joined.memberCount };
  },
};

const sendEcho: CheckDefinition = {
  name: 'send with ack and echo',
  async run(ctx) {
    const [a, b] = await pair(ctx);
    const clientId = ctx.clientId('echo');
    const echoed = ctx.waitForMessage(b, clientId, 'echo to the second client');
    const own = ctx.waitForMessage(a, clientId, "new_message to the sender's socket");
    const started = performance.now();
    const stored = await send(ctx, a, clientId, 'diagnose: send with ack and echo');
    const ackMs = performance.now() - started;
    const received = await echoed;
    const echoMs = performance.now() - started;
    await own;
    if (received.seq !== stored.seq || received.id !== stored.id) {
      throw new CheckFailure(`echo seq ${received.seq} differs from ack seq ${stored.seq}`);
    }
    return { seq: stored.seq, ackMs: round(ackMs), echoMs: round(echoMs) };
  },
};

const typing: CheckDefinition = {
  name: 'typing seen by other, not by sender',
  async run(ctx) {
    const [a, b] = await pair(ctx);
    const { room } = ctx.options;
    let echoedToSender = false;
    a.on('typing', (event) => {
      if (event.room === room) echoedToSender = true;
    });
    const seen = ctx.waitFor(b, 'typing', (e) => e.room === room && e.typing, 'typing on B');
    a.emit('typing', { room, typing: true });
    const event = await seen;
    // Give a wrongly echoed event the time to arrive before judging.
    await ctx.sleep(250);
    a.emit('typing', { room, typing: false });
    if (echoedToSender) throw new CheckFailure('typing was echoed to the sending socket');
    return { user: event.user.id };
  },
};

export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** Checks of the chat events two clients exchange. */
export const messagingChecks: CheckDefinition[] = [joinLeave, sendEcho, typing];
