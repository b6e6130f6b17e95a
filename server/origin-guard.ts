import type { IncomingMessage } from 'node:http';
import type { ProxyTrust } from './proxy-trust.js';

/*
 * Which browser origins may use the server: checked on the Socket.IO handshake
 * (realtime/) and on the REST API's CORS (http/) alike, so it sits below both.
 */

/** Normalises an Origin header for comparison (`https://a.example/` -> `https://a.example`). */
const normalise = (origin: string) => origin.trim().replace(/\/$/, '').toLowerCase();

/**
 * The origin this request was addressed to: scheme, host and port, as the browser saw
 * them (X-Forwarded-Proto/-Host count only from a trusted proxy).
 */
export function ownOrigin(req: IncomingMessage, proxies?: ProxyTrust): string | null {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const scheme = proxies?.forwarded(req, 'x-forwarded-proto') ?? (encrypted ? 'https' : 'http');
  const host = proxies?.forwarded(req, 'x-forwarded-host') ?? req.headers.host;
  if (!host) return null;
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/** Whether a browser origin is on the ALLOWED_ORIGINS list (`null` list: any, development). */
export function listedOrigin(allowed: string[] | null) {
  const list = allowed?.map(normalise);
  return (origin: string | undefined): boolean =>
    origin !== undefined && (list === undefined || list.includes(normalise(origin)));
}

/**
 * Decides, on the handshake request itself, whether a browser origin may connect.
 * The server's own origin (same scheme, host and port) is always allowed; no
 * Origin header (a non-browser client) is allowed and still needs a token; `null`
 * allowed-list means any origin (development).
 */
export function originGuard(allowed: string[] | null, proxies?: ProxyTrust) {
  const listed = listedOrigin(allowed);
  return (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    if (!origin || allowed === null) return true;
    let o: string;
    try {
      o = new URL(normalise(origin)).origin;
    } catch {
      return false;
    }
    return o === ownOrigin(req, proxies) || listed(origin);
  };
}
