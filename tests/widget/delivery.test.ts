import { expect } from '@open-wc/testing';
import type { ChatSocket } from '../../widget/src/chat-connection.js';
import { Delivery } from '../../widget/src/delivery.js';
import { Outbox, type OutboxEntry } from '../../widget/src/outbox.js';
import type { Ack, ErrorBody, Message } from '../../protocol/wire.js';
import { until } from './support/widgets.js';

// The real server's rate-limit window cannot be made to refuse one retry and take the next
// message at a chosen moment, so these tests answer sends from a scripted socket instead.

interface Sent {
  clientId: string;
  text: string;
}

/** A connected socket whose acks come from `answer`; what it accepted is in `stored`. */
function scriptedSocket(answer: (sent: Sent, attempt: number) => ErrorBody | null) {
  const stored: string[] = [];
  const attempts = new Map<string, number>();
  const socket = {
    connected: true,
    timeout: () => ({
      emitWithAck: async (_event: string, payload: Sent): Promise<Ack<{ message: Message }>> => {
        const attempt = (attempts.get(payload.clientId) ?? 0) + 1;
        attempts.set(payload.clientId, attempt);
        const error = answer(payload, attempt);
        if (error) return { ok: false, error };
        stored.push(payload.text);
        const message = { seq: stored.length, clientId: payload.clientId, text: payload.text };
        return { ok: true, data: { message: message as Message } };
      },
    }),
  };
  return { socket: socket as unknown as ChatSocket, stored };
}

const entry = (text: string): OutboxEntry => ({
  room: '$ORD',
  text,
  clientId: `id-${text}`,
  createdAt: new Date().toISOString(),
});

describe('Delivery (scripted socket)', () => {
  const key = Outbox.keyFor('http://order.test', 'u');
  afterEach(() => localStorage.removeItem(key));

  it('holds a message typed while an earlier one waits out a rate limit, keeping typing order', async () => {
    const limited: ErrorBody = { code: 'rate_limited', message: 'slow down', retryAfterMs: 1000 };
    const { socket, stored } = scriptedSocket((sent, attempt) =>
      sent.text === 'first' && attempt === 1 ? limited : null,
    );
    const waiting: string[] = [];
    const delivery = new Delivery(new Outbox(localStorage, key), () => socket, {
      confirmed: () => undefined,
      stalled: () => undefined,
      waiting: (held) => waiting.push(held.text),
      rejected: () => undefined,
    });
    await delivery.enqueue(entry('first'));
    expect(waiting).to.deep.equal(['first']);
    // Typed while "first" counts down: the server would take it at once.
    await delivery.enqueue(entry('second'));
    expect(stored).to.deep.equal([], 'nothing overtook the held message');
    await until(() => stored.length === 2, `stored ${JSON.stringify(stored)}`, 5000);
    expect(stored).to.deep.equal(['first', 'second']);
    delivery.stop();
  });

  it('sends after a message refused for good, and holds behind one that got no answer', async () => {
    const { socket, stored } = scriptedSocket((sent) =>
      sent.text === 'too big'
        ? { code: 'too_large', message: 'too large' }
        : sent.text === 'lost'
          ? { code: 'unavailable', message: 'store down' }
          : null,
    );
    const rejected: string[] = [];
    const stalled: string[] = [];
    const delivery = new Delivery(new Outbox(localStorage, key), () => socket, {
      confirmed: () => undefined,
      stalled: (held) => stalled.push(held.text),
      waiting: () => undefined,
      rejected: (held) => rejected.push(held.text),
    });
    await delivery.enqueue(entry('too big'));
    await delivery.enqueue(entry('after'));
    await delivery.enqueue(entry('lost'));
    await delivery.enqueue(entry('behind'));
    expect(rejected).to.deep.equal(['too big']);
    expect(stored).to.deep.equal(['after']);
    expect(stalled).to.include('lost');
    expect(delivery.outbox.list().map((e) => e.text)).to.deep.equal(['lost', 'behind']);
  });
});
