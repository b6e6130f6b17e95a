import type { Server as HttpServer } from 'node:http';

/**
 * Waits for `closed` (a `server.close()` callback, or Socket.IO's `io.close()`,
 * which calls it) while ending the HTTP connections that would hold it open.
 * `server.close()` ends only the keep-alive connections idle at that moment; one
 * that finishes a request afterwards stays open, its keep-alive timer not armed
 * again, and the close waited forever (seen in CI: a browser's connection kept an
 * e2e file from ending). So connections are ended as they go idle, and whatever
 * is still open after `forceMs` (a request that never ends) is cut.
 */
export async function endConnections(
  server: HttpServer,
  closed: Promise<void>,
  forceMs = 2_000,
): Promise<void> {
  const started = performance.now();
  const sweep = setInterval(() => {
    if (performance.now() - started < forceMs) server.closeIdleConnections();
    else server.closeAllConnections();
  }, 25);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
  }
}

/** Closes a plain HTTP server (not listening: nothing to do), ending its connections as above. */
export async function closeServer(server: HttpServer, forceMs?: number): Promise<void> {
  if (!server.listening) return;
  await endConnections(
    server,
    new Promise<void>((resolve) => server.close(() => resolve())),
    forceMs,
  );
}
