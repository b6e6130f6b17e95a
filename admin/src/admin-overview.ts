import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AdminAction, Overview, StatsPoint } from '../../protocol/admin.js';
import type { ChartSeries } from './admin-chart.js';
import './admin-chart.js';
import { clock, int, ms, uptime } from './format.js';
import { CHARTED_REASONS, columns, disconnectColumns, histogramBars } from './series.js';
import { overviewStyles } from './styles/overview.styles.js';
import { sharedStyles } from './styles/shared.styles.js';

const SOCKETS: ChartSeries[] = [
  { label: 'sockets', stroke: '#3d9df3', fill: 'rgba(61,157,243,0.12)' },
];
const MESSAGES: ChartSeries[] = [
  { label: 'messages/s', stroke: '#3fb950', fill: 'rgba(63,185,80,0.12)' },
];
const ACK: ChartSeries[] = [
  { label: 'ack p50', stroke: '#3d9df3' },
  { label: 'ack p99', stroke: '#d29922' },
  { label: 'event loop lag', stroke: '#a371f7' },
];
const REASON_COLOURS = ['#f85149', '#d29922', '#a371f7', '#3d9df3', '#8b98a5'];
const DISCONNECTS: ChartSeries[] = [...CHARTED_REASONS, 'other'].map((label, i) => ({
  label,
  stroke: REASON_COLOURS[i],
}));
const RTT: ChartSeries[] = [{ label: 'sockets', stroke: '#3d9df3', fill: 'rgba(61,157,243,0.5)' }];

/**
 * The live overview: totals, the one-second charts (connections, messages,
 * ack latency, disconnects by reason), the RTT histogram and recent actions.
 *
 * @summary Live totals and charts.
 */
@customElement('admin-overview')
export class AdminOverview extends LitElement {
  static override styles = [sharedStyles, overviewStyles];

  /** The latest aggregates, pushed by the server. */
  @property({ attribute: false }) overview: Overview | null = null;
  /** One point a second, oldest first. */
  @property({ attribute: false }) stats: StatsPoint[] = [];
  /** Recent admin actions, newest first. */
  @property({ attribute: false }) actions: AdminAction[] = [];

  private tile(label: string, value: string, warn = false, testId = '') {
    return html`<div class="tile ${warn ? 'warn' : ''}" data-stat=${testId || nothing}>
      <div class="value">${value}</div>
      <div class="label">${label}</div>
    </div>`;
  }

  private renderTiles(o: Overview) {
    return html`<div class="tiles">
      ${this.tile('connected sockets', int(o.sockets), false, 'sockets')}
      ${this.tile('users', int(o.users), false, 'users')}
      ${this.tile('websocket', int(o.transports.websocket ?? 0), false, 'websocket')}
      ${this.tile('long-polling', int(o.transports.polling ?? 0), false, 'polling')}
      ${this.tile('upgrades', int(o.upgrades), false, 'upgrades')}
      ${this.tile('missed heartbeats', int(o.missedHeartbeats), o.missedHeartbeats > 0, 'missed')}
      ${this.tile('messages since start', int(o.messagesTotal), false, 'messages')}
      ${this.tile(`uptime · v${o.version} · ${o.store}`, uptime(o.uptimeSec))}
    </div>`;
  }

  private renderHeartbeats(o: Overview) {
    const bars = histogramBars(o.rtt);
    const reasons = Object.entries(o.disconnects).sort((a, b) => b[1] - a[1]);
    return html`
      <section class="card">
        <h2>Round-trip time</h2>
        <div class="percentiles">
          <span>p50 <b>${ms(o.rtt.p50)}</b></span>
          <span>p95 <b>${ms(o.rtt.p95)}</b></span>
          <span>p99 <b>${ms(o.rtt.p99)}</b></span>
          <span class="muted">${int(o.rtt.count)} samples</span>
        </div>
        <admin-chart
          kind="bars"
          .series=${RTT}
          .data=${bars.data}
          .xLabels=${bars.labels}
        ></admin-chart>
      </section>
      <section class="card">
        <h2>Disconnects by reason</h2>
        <admin-chart
          .series=${DISCONNECTS}
          .data=${columns(this.stats, disconnectColumns)}
        ></admin-chart>
        <table>
          ${
            reasons.length === 0
              ? html`<tr>
                  <td class="muted">No disconnects yet.</td>
                </tr>`
              : reasons.map(
                  ([r, n]) =>
                    html`<tr>
                      <td>${r}</td>
                      <td class="num">${int(n)}</td>
                    </tr>`,
                )
          }
        </table>
      </section>
    `;
  }

  /** One row per server process (one row when not scaled out). */
  private renderNodes(o: Overview) {
    return html`<section class="card" data-panel="nodes">
      <h2>Nodes (${o.nodes.length})</h2>
      <table>
        <tr>
          <th>Node</th>
          <th class="num">Sockets</th>
          <th class="num">Loop lag</th>
          <th class="num">Uptime</th>
          <th>Version</th>
        </tr>
        ${o.nodes.map(
          (n) =>
            html`<tr data-node=${n.id}>
              <td>${n.id}</td>
              <td class="num">${int(n.sockets)}</td>
              <td class="num">${ms(n.eventLoopLagMs)}</td>
              <td class="num">${uptime(n.uptimeSec)}</td>
              <td>${n.version}</td>
            </tr>`,
        )}
      </table>
    </section>`;
  }

  private renderOrigins(o: Overview) {
    const origins = Object.entries(o.origins).sort((a, b) => b[1] - a[1]);
    return html`<section class="card">
      <h2>Origins</h2>
      ${origins.length === 0 ? html`<p class="muted">No sockets connected.</p>` : nothing}
      <table>
        ${origins.map(
          ([origin, n]) =>
            html`<tr>
              <td>${origin}</td>
              <td class="num">${int(n)}</td>
            </tr>`,
        )}
      </table>
    </section>`;
  }

  private renderActions() {
    return html`<section class="card">
      <h2>Admin actions</h2>
      ${
        this.actions.length === 0
          ? html`<p class="muted">None since you opened the console.</p>`
          : html`<ul class="log">
              ${this.actions.map(
                (a) =>
                  html`<li>
                    <span class="muted">${clock(a.t)}</span>
                    <b dir="auto">${a.actor.name}</b> ${a.action}
                    <bdi>${a.target}</bdi>${a.detail ? html` — <bdi>${a.detail}</bdi>` : nothing}
                  </li>`,
              )}
            </ul>`
      }
    </section>`;
  }

  /** The chart's newest value beside its title; "all N nodes" when the cluster has several. */
  private latest(o: Overview, key: 'sockets' | 'messagesPerSec') {
    const point = this.stats.at(-1);
    if (!point) return nothing;
    const scope = o.nodes.length > 1 ? ` across ${o.nodes.length} nodes` : '';
    return html`<span class="muted" data-latest=${key}>${int(point[key])} now${scope}</span>`;
  }

  override render() {
    const o = this.overview;
    if (!o) return html`<p class="muted">Waiting for the first numbers…</p>`;
    return html`
      ${this.renderTiles(o)}
      <div class="grid">
        <section class="card">
          <h2>Connections ${this.latest(o, 'sockets')}</h2>
          <admin-chart
            .series=${SOCKETS}
            .data=${columns(this.stats, (p) => [p.sockets])}
          ></admin-chart>
        </section>
        <section class="card">
          <h2>Messages per second ${this.latest(o, 'messagesPerSec')}</h2>
          <admin-chart
            .series=${MESSAGES}
            .data=${columns(this.stats, (p) => [p.messagesPerSec])}
          ></admin-chart>
        </section>
        <section class="card">
          <h2>Ack latency and event loop lag</h2>
          <admin-chart
            unit=" ms"
            .series=${ACK}
            .data=${columns(this.stats, (p) => [p.ackLatencyP50, p.ackLatencyP99, p.eventLoopLagMs])}
          ></admin-chart>
        </section>
        ${this.renderNodes(o)} ${this.renderHeartbeats(o)} ${this.renderOrigins(o)}
        ${this.renderActions()}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-overview': AdminOverview;
  }
}
