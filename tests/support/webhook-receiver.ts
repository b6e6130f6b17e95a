import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../server/webhooks/signature.js';

/** One POST the receiver got, with what it answered. */
export interface Received {
  id: string;
  type: string;
  data: unknown;
  body: string;
  timestamp: string;
  signature: string;
  /** The HMAC checked against the shared secret (and the timestamp within 5 minutes). */
  verified: boolean;
  at: number;
  /** 1 for the first POST of this event id, 2 for its first retry... */
  attempt: number;
  answer: number | 'hang';
}

/** How the receiver answers the `attempt`-th POST of an event: a status, or never ('hang'). */
export type Behaviour = (r: { id: string; type: string; attempt: number }) => number | 'hang';

export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** Changes how later POSTs are answered (hung ones stay hung until `release`). */
  behave(b: Behaviour): void;
  /** Ends the connections of every hung POST. */
  release(): void;
  /** The POSTs answered 2xx, by event id. */
  delivered(): Map<string, Received>;
  close(): Promise<void>;
}

/** A real HTTP server on a loopback port 0 that checks each webhook's signature. */
export async function startReceiver(
  secret: string,
  behaviour: Behaviour,
): Promise<WebhookReceiver> {
  let behave = behaviour;
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const hung = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-stock-chat-timestamp'] ?? '');
      const signature = String(req.headers['x-stock-chat-signature'] ?? '');
      let parsed: { id: string; type: string; data: unknown };
      try {
        parsed = JSON.parse(body) as { id: string; type: string; data: unknown };
      } catch {
        res.writeHead(400).end();
        return;
      }
      const attempt = (attempts.get(parsed.id) ?? 0) + 1;
      attempts.set(parsed.id, attempt);
      const answer = behave({ id: parsed.id, type: parsed.type, attempt });
      received.push({
        ...parsed,
        body,
        timestamp,
        signature,
        verified: verifySignature(secret, timestamp, body, signature),
        at: Date.now(),
        attempt,
        answer,
      });
      if (answer === 'hang') {
        hung.add(res);
        res.on('close', () => hung.delete(res));
      } else res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const release = () => {
    for (const res of hung) res.destroy();
    hung.clear();
  };
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    behave: (b) => (behave = b),
    release,
    delivered() {
      const ok = new Map<string, Received>();
      for (const r of received) if (typeof r.answer === 'number' && r.answer < 300) ok.set(r.id, r);
      return ok;
    },
    async close() {
      release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
