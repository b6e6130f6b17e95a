import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ErrorBody } from '../../protocol/wire.js';
import type { AdminSession } from '../../protocol/admin.js';
import type { WebhookDelivery } from '../../protocol/admin.js';
import { sharedStyles } from './styles/shared.styles.js';
import { tableStyles } from './styles/table.styles.js';

const BADGE: Record<WebhookDelivery['status'], string> = {
  delivered: 'ok',
  pending: 'warn',
  failed: 'bad',
};

/**
 * The Webhooks tab: the delivery log (`GET /api/admin/webhooks`), newest first,
 * with each delivery's attempts and last answer, and redelivery for admins
 * (same event id and body). Refreshes every few seconds while shown.
 *
 * @summary Webhook deliveries.
 */
@customElement('admin-webhooks')
export class AdminWebhooks extends LitElement {
  static override styles = [sharedStyles, tableStyles];

  @property() token = '';
  @property({ attribute: false }) session: AdminSession | null = null;

  @state() private items: WebhookDelivery[] = [];
  @state() private enabled = true;
  @state() private status = '';
  @state() private error = '';
  private timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.timer = setInterval(() => void this.load(), 3000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  private async call<T>(method: string, path: string): Promise<T> {
    const res = await fetch(`/api/admin/webhooks${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}` },
    });
    const json = (await res.json().catch(() => null)) as { error?: ErrorBody } | null;
    if (!res.ok) throw new Error(json?.error?.message ?? `HTTP ${res.status}`);
    return json as T;
  }

  async load(): Promise<void> {
    try {
      const query = new URLSearchParams({
        limit: '100',
        ...(this.status ? { status: this.status } : {}),
      });
      const page = await this.call<{ enabled: boolean; items: WebhookDelivery[] }>(
        'GET',
        `?${query}`,
      );
      this.items = page.items;
      this.enabled = page.enabled;
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async redeliver(id: string): Promise<void> {
    try {
      await this.call('POST', `/${encodeURIComponent(id)}/redeliver`);
      await this.load();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  override render() {
    const canAct = (this.session?.roles ?? []).includes('admin');
    return html`<section class="card">
      <h2>Webhook deliveries</h2>
      ${this.enabled ? nothing : html`<p class="muted">Webhooks are off (no WEBHOOK_URL).</p>`}
      <label
        >Status
        <select
          name="status"
          @change=${(e: Event) => {
            this.status = (e.target as HTMLSelectElement).value;
            void this.load();
          }}
        >
          ${['', 'pending', 'delivered', 'failed'].map((s) => html`<option value=${s}>${s || 'all'}</option>`)}
        </select></label
      >
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <table class="webhooks">
        <tr>
          <th>Created</th>
          <th>Event</th>
          <th>Status</th>
          <th>Attempts</th>
          <th>Last answer</th>
          <th>Id</th>
          <th><span class="sr-only">Actions</span></th>
        </tr>
        ${this.items.map(
          (d) =>
            html`<tr data-id=${d.id} data-status=${d.status}>
              <td class="muted">${new Date(d.createdAt).toLocaleString()}</td>
              <td>${d.type}</td>
              <td><span class="badge ${BADGE[d.status]}">${d.status}</span></td>
              <td>${d.attempts}</td>
              <td class="wrap">
                ${d.lastError ?? (d.lastStatus === null ? '' : `HTTP ${d.lastStatus}`)}
              </td>
              <td class="muted"><code>${d.id.slice(0, 8)}</code></td>
              <td>
                ${
                  canAct && d.status !== 'pending'
                    ? html`<button class="redeliver" @click=${() => this.redeliver(d.id)}>
                        Redeliver
                      </button>`
                    : nothing
                }
              </td>
            </tr>`,
        )}
      </table>
      ${this.items.length === 0 ? html`<p class="muted">No deliveries yet.</p>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-webhooks': AdminWebhooks;
  }
}
