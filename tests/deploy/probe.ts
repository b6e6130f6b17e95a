import { request } from 'node:https';
import { io } from 'socket.io-client';

export interface ProbeOptions {
  /** The proxy's https:// URL. */
  url: string;
  /** PEM of the proxy's certificate (self-signed in tests). */
  ca: string;
  /** The loopback address the connection leaves from (127.0.0.2, ...): one simulated client. */
  localAddress?: string;
  /** Extra request headers (a spoofed X-Forwarded-For, an Origin). */
  headers?: Record<string, string>;
}

/**
 * One Socket.IO handshake over WebSocket, no reconnection. `answer` is `connected`,
 * or the refusal's `data.code` (`unauthorized`, `rate_limited`), or its message when
 * the server refused before Socket.IO (a refused origin). `close()` ends the socket.
 */
export function connectAs(
  opts: ProbeOptions,
  token: string,
): Promise<{ answer: string; close(): void }> {
  // socket.io-client hands `localAddress` to `ws` in Node; its option types do not list it.
  const options = {
    auth: { token, clientVersion: 'topology-test' },
    ca: opts.ca,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    localAddress: opts.localAddress,
    extraHeaders: opts.headers,
  };
  const socket = io(opts.url, options);
  const close = () => void socket.close();
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ answer: 'connected', close }));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
      socket.close();
      resolve({ answer: err.data?.code ?? err.message, close });
    });
  });
}

/** A handshake that is closed at once: resolves with `connectAs`'s answer. */
export async function handshake(opts: ProbeOptions, token: string): Promise<string> {
  const { answer, close } = await connectAs(opts, token);
  close();
  return answer;
}

/** Runs `count` handshakes one after another and counts each answer (`{ unauthorized: 60, ... }`). */
export async function handshakes(
  count: number,
  next: (i: number) => Promise<string>,
): Promise<Record<string, number>> {
  const answers: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const answer = await next(i);
    answers[answer] = (answers[answer] ?? 0) + 1;
  }
  return answers;
}

/** The status of a raw engine.io polling handshake (`GET /socket.io/?EIO=4&transport=polling`). */
export function pollingHandshake(opts: ProbeOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${opts.url}/socket.io/?EIO=4&transport=polling`,
      { ca: opts.ca, headers: opts.headers, localAddress: opts.localAddress },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A GET through the proxy with a Bearer token; resolves with the parsed JSON body. */
export function getJson<T>(opts: ProbeOptions, path: string, token: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${opts.url}${path}`,
      { ca: opts.ca, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) reject(new Error(`GET ${path}: ${res.statusCode} ${body}`));
          else resolve(JSON.parse(body) as T);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
