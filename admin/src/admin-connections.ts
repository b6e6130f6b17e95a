import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConnectionInfo, ConnectionsPage } from '../../protocol/admin.js';
import { isolate } from '../../protocol/text.js';
import type { AdminConnection } from './admin-connection.js';
import { ago, int, ms } from './format.js';
import { sharedStyles } from './styles/shared.styles.js';
import { tableStyles } from './styles/table.styles.js';
import { PollController } from './poll-controller.js';

const PAGE_SIZE = 50;
const REFRESH_MS = 2000;
const SEARCH_DEBOUNCE_MS = 250;

/**
 * The searchable, server-side paged table of connected sockets, refreshed every
 * two seconds; an operator who may act can disconnect a socket from it.
 *
 * @summary Connected sockets.
 */
@customElement('admin-connections')
export class AdminConnections extends LitElement {
  static override styles = [sharedStyles, tableStyles];

  /** The console's connection to `/admin`. */
  @property({ attribute: false }) connection!: AdminConnection;

  @state() private result: ConnectionsPage | null = null;
  @state() private page = 1;
  @state() private query = '';
  @state() private error = '';

  private readonly poll = new PollController(this, REFRESH_MS, () => this.load());
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private loading = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
  }

  /** Fetches the current page; skips a refresh while the previous one is in flight. */
  async load(): Promise<void> {
    if (this.loading || this.connection.status !== 'open') return;
    this.loading = true;
    try {
      const q = this.query.trim();
      this.result = await this.connection.request('connections', {
        page: this.page,
        pageSize: PAGE_SIZE,
        ...(q ? { q } : {}),
      });
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.loading = false;
    }
  }

  private onSearch(e: Event): void {
    this.query = (e.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.page = 1;
      void this.load();
    }, SEARCH_DEBOUNCE_MS);
  }

  private go(page: number): void {
    this.page = page;
    void this.load();
  }

  private async disconnect(c: ConnectionInfo): Promise<void> {
    if (!window.confirm(`Disconnect ${isolate(c.user.name)} (${c.id})?`)) return;
    try {
      await this.connection.request('disconnect_socket', { id: c.id });
      await this.load();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private renderRow(c: ConnectionInfo, canAct: boolean) {
    return html`<tr data-socket=${c.id}>
      <td title=${c.user.id}>
        <bdi>${c.user.name}</bdi>
        <div class="muted">${c.id}</div>
      </td>
      <td><span class="badge">${c.transport}</span></td>
      <td>${c.origin || html`<span class="muted">none</span>`}</td>
      <td title=${c.connectedAt}>${ago(c.connectedAt)}</td>
      <td class="rooms">${c.rooms.join(', ') || html`<span class="muted">—</span>`}</td>
      <td>
        ${c.missedHeartbeat ? html`<span class="badge bad">missed</span> ` : nothing}${ago(c.lastHeartbeat)}
      </td>
      <td class="num" data-rtt title="Round trip of the last heartbeat (every PING_INTERVAL_MS)">
        ${c.rttMs === null ? html`<span class="muted">measuring…</span>` : ms(c.rttMs)}
      </td>
      <td data-client>
        ${c.client}${
          c.clientVersion && c.clientVersion !== 'unknown'
            ? html`<div class="muted">${c.clientVersion}</div>`
            : nothing
        }
      </td>
      <td>${c.node}</td>
      <td>
        ${canAct ? html`<button class="danger" @click=${() => this.disconnect(c)}>Disconnect</button>` : nothing}
      </td>
    </tr>`;
  }

  override render() {
    const r = this.result;
    const pages = r ? Math.max(1, Math.ceil(r.total / r.pageSize)) : 1;
    const canAct = this.connection.canAct;
    return html`
      <div class="toolbar">
        <input
          type="search"
          placeholder="Search user, socket id, origin or exact room ($AAPL)"
          aria-label="Search connections"
          .value=${this.query}
          @input=${this.onSearch}
        />
        <span class="muted" data-total>${r ? `${int(r.total)} sockets` : ''}</span>
      </div>
      ${this.error ? html`<p class="error">${this.error}</p>` : nothing}
      <div class="card scroll">
        <table>
          <thead>
            <tr>
              <th>User</th>
              <th>Transport</th>
              <th>Origin</th>
              <th>Connected</th>
              <th>Rooms</th>
              <th>Last heartbeat</th>
              <th class="num">RTT</th>
              <th>Client</th>
              <th>Node</th>
              <th><span class="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            ${r?.items.map((c) => this.renderRow(c, canAct))}
          </tbody>
        </table>
        ${r && r.items.length === 0 ? html`<p class="muted">No sockets match.</p>` : nothing}
      </div>
      <div class="pager">
        <button ?disabled=${this.page <= 1} @click=${() => this.go(this.page - 1)}>Previous</button>
        <span class="muted">page ${this.page} of ${pages}</span>
        <button ?disabled=${this.page >= pages} @click=${() => this.go(this.page + 1)}>Next</button>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-connections': AdminConnections;
  }
}
