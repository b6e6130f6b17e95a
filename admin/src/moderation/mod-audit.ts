import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AuditEntry } from '../../../protocol/admin.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { moderationStyles } from './moderation.styles.js';
import type { ModApi } from './mod-api.js';
import { PagedList } from './paged-list.js';

const PAGE = '25';
const FILTERS = ['actor', 'action', 'target'] as const;

/**
 * The audit log, newest first: every moderation and admin action (`auto` for
 * the automatic rules), filtered by actor, action or target, paged on the server.
 *
 * @summary Audit log.
 */
@customElement('mod-audit')
export class ModAudit extends LitElement {
  static override styles = [sharedStyles, moderationStyles];

  @property({ attribute: false }) api!: ModApi;

  private filter: Record<string, string> = {};
  private readonly list = new PagedList<AuditEntry>(this, (cursor) =>
    this.api.page('/audit', cursor, { ...this.filter, limit: PAGE }),
  );

  /** Shows the newest entries again (after an action elsewhere in the console). */
  reload(): Promise<void> {
    return this.list.reload();
  }

  private apply(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    this.filter = {};
    for (const key of FILTERS) {
      const value = form.get(key);
      if (typeof value === 'string' && value.trim()) this.filter[key] = value.trim();
    }
    void this.list.reload();
  }

  override render() {
    return html`<h2>Audit log</h2>
      <form class="row filters" @submit=${this.apply}>
        ${FILTERS.map((key) => html`<input name=${key} placeholder=${key} aria-label="Filter by ${key}" />`)}
        <button type="submit">Filter</button>
      </form>
      ${this.list.error ? html`<p class="error">${this.list.error}</p>` : nothing}
      <table class="audit">
        <tr>
          <th>When</th>
          <th>Actor</th>
          <th>Action</th>
          <th>Target</th>
          <th>Reason</th>
        </tr>
        ${this.list.items.map(
          (e) =>
            html`<tr data-action=${e.action}>
              <td class="muted">${new Date(e.at).toLocaleString()}</td>
              <td>${e.actor === 'auto' ? html`<span class="badge warn">auto</span>` : e.actor}</td>
              <td><span class="badge">${e.action}</span></td>
              <td>${e.target}</td>
              <td class="wrap">${e.reason}</td>
            </tr>`,
        )}
      </table>
      ${this.list.items.length === 0 ? html`<p class="muted">Nothing recorded yet.</p>` : nothing}
      ${this.list.hasMore ? html`<button @click=${() => this.list.more()}>Older entries</button>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mod-audit': ModAudit;
  }
}
