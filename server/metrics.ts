import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus registry and every metric the server exports at `/metrics`. */
export class Metrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({
    name: 'stockchat_connections',
    help: 'Connected sockets on the chat namespace',
    registers: [this.registry],
  });
  readonly connectsTotal = new Counter({
    name: 'stockchat_connects_total',
    help: 'Sockets connected since start',
    registers: [this.registry],
  });
  readonly disconnectsTotal = new Counter({
    name: 'stockchat_disconnects_total',
    help: 'Sockets disconnected since start, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly messagesTotal = new Counter({
    name: 'stockchat_messages_total',
    help: 'Messages stored and broadcast',
    registers: [this.registry],
  });
  readonly acksTotal = new Counter({
    name: 'stockchat_acks_total',
    help: 'Acknowledged client events, by event and outcome',
    labelNames: ['event', 'outcome'],
    registers: [this.registry],
  });
  readonly ackLatency = new Histogram({
    name: 'stockchat_ack_latency_seconds',
    help: 'Time from receiving a client event to acknowledging it',
    labelNames: ['event'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  readonly errorsTotal = new Counter({
    name: 'stockchat_errors_total',
    help: 'Errors answered to clients, by code',
    labelNames: ['code'],
    registers: [this.registry],
  });

  /** Where `countBroadcastPaths` reads from (the realtime layer's direct path). */
  private broadcastPaths: () => { direct: number; fallback: number } = () => ({
    direct: 0,
    fallback: 0,
  });
  readonly broadcastDeliveries = new Counter({
    name: 'stockchat_broadcast_deliveries_total',
    help: 'Room broadcast deliveries, by path: direct (written to the WebSocket) or fallback (Socket.IO)',
    labelNames: ['path'],
    registers: [this.registry],
    collect: () => {
      const paths = this.broadcastPaths();
      this.broadcastDeliveries.reset();
      this.broadcastDeliveries.inc({ path: 'direct' }, paths.direct);
      this.broadcastDeliveries.inc({ path: 'fallback' }, paths.fallback);
    },
  });

  /** Reports the direct broadcast's counts at each scrape (realtime/direct-broadcast.ts). */
  countBroadcastPaths(read: () => { direct: number; fallback: number }): void {
    this.broadcastPaths = read;
  }

  constructor() {
    // Includes nodejs_eventloop_lag_seconds and its percentiles.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }
}
