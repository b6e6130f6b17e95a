import { createApplication } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { openStore } from './store/index.js';

/**
 * Connections the kernel holds until the server accepts them (capped by
 * net.core.somaxconn). Node's default of 511 overflows when thousands of clients
 * reconnect at once after a restart: the kernel then drops their SYNs, and each
 * dropped client waits 1 s, 3 s, 7 s... to retry (the 10,000-client storm's re-sync
 * took 34.8 s). 4,096 lets the whole storm queue at once (13-17 s); a health probe on
 * this port then waits behind it, so probes go to HEALTH_PORT, a listener of its own
 * (docs/benchmarks.md, "Reconnect storm: the listen backlog").
 */
const LISTEN_BACKLOG = 4096;

/** Bootstrap only: config -> store -> application -> listen, and a clean shutdown on signals. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const store = await openStore(config);
  const app = await createApplication(config, store, { logger });
  await new Promise<void>((resolve) =>
    app.http.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, resolve),
  );
  if (config.healthPort !== undefined) {
    await new Promise<void>((resolve) =>
      app.probes.listen({ port: config.healthPort, host: config.host }, resolve),
    );
    logger.info({ port: config.healthPort }, 'health checks also answered on HEALTH_PORT');
  }
  const address = app.http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { port, store: store.kind, env: config.env, node: config.nodeId },
    `stock-chat listening on http://localhost:${port}`,
  );
  if (config.allowedOrigins?.length === 0) {
    logger.warn(
      'ALLOWED_ORIGINS is not set: only pages served by this server may connect; ' +
        'set it to the origins of the sites that embed the widget (comma-separated, or * for any)',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceMs = config.shutdownGraceMs;
    logger.info({ signal, graceMs }, 'shutting down');
    // Whatever hangs, the process is gone within the grace period.
    setTimeout(() => {
      logger.error({ graceMs }, 'shutdown took longer than SHUTDOWN_GRACE_MS; exiting');
      process.exit(1);
    }, graceMs).unref();
    const started = performance.now();
    const { unfinished } = await app.shutdown(Math.max(0, graceMs - 500));
    await store.close();
    logger.info({ ms: Math.round(performance.now() - started), unfinished }, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`stock-chat: ${err.message}`);
  } else {
    console.error('stock-chat failed to start', err);
  }
  process.exit(1);
});
