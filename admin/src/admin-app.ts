import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { AdminConnection } from './admin-connection.js';
import './admin-connections.js';
import './admin-diagnose.js';
import './admin-login.js';
import './admin-moderation.js';
import './admin-overview.js';
import './admin-rooms.js';
import './admin-webhooks.js';
import { appStyles } from './styles/app.styles.js';
import { sharedStyles } from './styles/shared.styles.js';

type Tab = 'overview' | 'connections' | 'rooms' | 'moderation' | 'webhooks' | 'tests';
const TABS: { id: Tab; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'connections', label: 'Connections' },
  { id: 'rooms', label: 'Rooms' },
  { id: 'moderation', label: 'Moderation' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'tests', label: 'Test suite' },
];
/** Session storage, not local: the token should not outlive the browser session. */
const TOKEN_KEY = 'stock-chat-admin-token';

/**
 * The admin console: sign-in, then live overview, connections, rooms and the
 * live connection test suite, all fed by one connection to `/admin`.
 *
 * @summary stock-chat admin console.
 */
@customElement('admin-app')
export class AdminApp extends LitElement {
  static override styles = [sharedStyles, appStyles];

  @state() private token = '';
  @state() private tab: Tab = 'overview';

  private readonly connection = new AdminConnection(this);

  override connectedCallback(): void {
    super.connectedCallback();
    const saved = window.sessionStorage.getItem(TOKEN_KEY);
    if (saved) this.signIn(saved);
    const fromHash = /^#tab=(\w+)$/.exec(window.location.hash)?.[1];
    if (TABS.some((t) => t.id === fromHash)) this.tab = fromHash as Tab;
  }

  private signIn(token: string): void {
    this.token = token;
    window.sessionStorage.setItem(TOKEN_KEY, token);
    this.connection.open(token);
  }

  private signOut(): void {
    window.sessionStorage.removeItem(TOKEN_KEY);
    this.connection.close();
    this.token = '';
  }

  private select(tab: Tab): void {
    this.tab = tab;
    window.history.replaceState(null, '', `#tab=${tab}`);
  }

  private renderTab() {
    switch (this.tab) {
      case 'overview':
        return html`<admin-overview
          .overview=${this.connection.overview}
          .stats=${this.connection.stats}
          .actions=${this.connection.actions}
        ></admin-overview>`;
      case 'connections':
        return html`<admin-connections .connection=${this.connection}></admin-connections>`;
      case 'rooms':
        return html`<admin-rooms .connection=${this.connection}></admin-rooms>`;
      case 'moderation':
        return html`<admin-moderation
          .token=${this.token}
          .session=${this.connection.session}
          .reports=${this.connection.reports}
        ></admin-moderation>`;
      case 'webhooks':
        return html`<admin-webhooks
          .token=${this.token}
          .session=${this.connection.session}
        ></admin-webhooks>`;
      case 'tests':
        return html`<admin-diagnose .token=${this.token}></admin-diagnose>`;
    }
  }

  override render() {
    const c = this.connection;
    if (!this.token || c.status === 'refused') {
      return html`<admin-login
        .error=${c.status === 'refused' ? `Access refused: ${c.error}` : ''}
        @admin-login=${(e: CustomEvent<{ token: string }>) => this.signIn(e.detail.token)}
      ></admin-login>`;
    }
    const badge = { idle: '', connecting: 'warn', open: 'ok', refused: 'bad', offline: 'bad' }[
      c.status
    ];
    return html`
      <header>
        <h1>stock-chat admin</h1>
        <nav role="tablist">
          ${TABS.map(
            (t) =>
              html`<button
                role="tab"
                data-tab=${t.id}
                aria-selected=${this.tab === t.id ? 'true' : 'false'}
                @click=${() => this.select(t.id)}
              >
                ${t.label}
              </button>`,
          )}
        </nav>
        <span class="badge ${badge}" data-status=${c.status}>${c.status}</span>
        ${
          c.session
            ? html`<span class="who"
                >${c.session.user.name}${
                  c.canAct
                    ? ''
                    : c.session.roles.includes('moderator')
                      ? ' (moderator)'
                      : ' (read-only)'
                }</span
              >`
            : nothing
        }
        <button @click=${this.signOut}>Sign out</button>
      </header>
      <main>
        ${c.status === 'offline' ? html`<p class="error">Connection lost (${c.error}); retrying…</p>` : nothing}
        ${this.renderTab()}
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-app': AdminApp;
  }
}
