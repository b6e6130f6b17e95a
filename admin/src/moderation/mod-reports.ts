import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Message } from '../../../server/protocol.js';
import type { ReportGroup, ResolveAction } from '../../../server/protocol-admin.js';
import { ago, clock } from '../format.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { moderationStyles } from './moderation.styles.js';
import type { ModApi } from './mod-api.js';
import { PagedList } from './paged-list.js';

const PAGE = '10';

/**
 * The open reports queue: one card per reported message with ±5 messages of
 * context, who reported it and why, and one-click actions that resolve every
 * report of the message (dismiss, delete, mute for an hour, ban).
 *
 * @summary Reports queue.
 */
@customElement('mod-reports')
export class ModReports extends LitElement {
  static override styles = [sharedStyles, moderationStyles];

  @property({ attribute: false }) api!: ModApi;
  /** False for viewers: they see the queue and cannot act. */
  @property({ type: Boolean }) canAct = false;

  @state() private busy = false;
  private readonly list = new PagedList<ReportGroup>(this, (cursor) =>
    this.api.page('/reports', cursor, { status: 'open', limit: PAGE }),
  );

  private async resolve(group: ReportGroup, action: ResolveAction): Promise<void> {
    this.busy = true;
    try {
      await this.api.post(`/reports/${encodeURIComponent(group.id)}/resolve`, {
        action,
        ...(action === 'mute' ? { minutes: 60 } : {}),
      });
      this.list.remove((g) => g.id === group.id);
      this.dispatchEvent(new CustomEvent('mod-changed', { bubbles: true, composed: true }));
    } catch (err) {
      this.list.fail(err);
    } finally {
      this.busy = false;
    }
  }

  private line(m: Message, reported: number) {
    const text = m.deletedAt ? `(deleted by ${m.deletedBy})` : m.text;
    return html`<li class=${m.seq === reported ? 'reported' : ''} data-seq=${m.seq}>
      <span class="muted">#${m.seq} ${clock(m.createdAt)}</span>
      <b dir="auto">${m.sender.name}</b>
      <span class=${m.deletedAt ? 'muted' : ''} dir="auto">${text}</span>
    </li>`;
  }

  private card(g: ReportGroup) {
    const reasons = Object.entries(g.reasons).map(([r, n]) => `${r} ×${n}`);
    const off = !this.canAct || this.busy;
    return html`<article class="card report" data-room=${g.room} data-seq=${g.seq}>
      <header class="row">
        <b>${g.room} #${g.seq}</b>
        <span class="badge bad">${g.count} report${g.count === 1 ? '' : 's'}</span>
        <span class="muted">${reasons.join(', ')} · last ${ago(g.lastAt)}</span>
      </header>
      <ol class="context">
        ${g.context.map((m) => this.line(m, g.seq))}
      </ol>
      <p class="muted">
        Reported by
        ${g.reporters.join(', ')}${g.notes.map((note, i) => html`${i ? ', ' : ' — '}“<bdi>${note}</bdi>”`)}
      </p>
      <div class="row">
        <button data-action="dismiss" ?disabled=${off} @click=${() => this.resolve(g, 'dismiss')}>
          Dismiss
        </button>
        <button
          data-action="delete"
          class="danger"
          ?disabled=${off}
          @click=${() => this.resolve(g, 'delete')}
        >
          Delete message
        </button>
        <button data-action="mute" ?disabled=${off} @click=${() => this.resolve(g, 'mute')}>
          Mute sender 1 h
        </button>
        <button
          data-action="ban"
          class="danger"
          ?disabled=${off}
          @click=${() => this.resolve(g, 'ban')}
        >
          Ban sender
        </button>
      </div>
    </article>`;
  }

  override render() {
    return html`<h2>Open reports</h2>
      ${this.list.error ? html`<p class="error">${this.list.error}</p>` : nothing}
      ${this.list.items.length === 0 ? html`<p class="muted">No open reports.</p>` : this.list.items.map((g) => this.card(g))}
      ${this.list.hasMore ? html`<button @click=${() => this.list.more()}>More reports</button>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mod-reports': ModReports;
  }
}
