import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Message } from '../../../server/protocol.js';
import type { ReportGroup, ResolveAction } from '../../../server/protocol-admin.js';
import { ago, clock } from '../format.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { moderationStyles } from './moderation.styles.js';
import type { ModApi } from './mod-api.js';

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

  @state() private items: ReportGroup[] = [];
  @state() private next: string | null = null;
  @state() private error = '';
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load(true);
  }

  /** Loads the first page again (`reset`) or the next one. */
  async load(reset: boolean): Promise<void> {
    try {
      const page = await this.api.page<ReportGroup>('/reports', reset ? null : this.next, {
        status: 'open',
        limit: PAGE,
      });
      this.items = reset ? page.items : [...this.items, ...page.items];
      this.next = page.nextCursor;
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async resolve(group: ReportGroup, action: ResolveAction): Promise<void> {
    this.busy = true;
    try {
      await this.api.post(`/reports/${encodeURIComponent(group.id)}/resolve`, {
        action,
        ...(action === 'mute' ? { minutes: 60 } : {}),
      });
      this.items = this.items.filter((g) => g.id !== group.id);
      this.error = '';
      this.dispatchEvent(new CustomEvent('mod-changed', { bubbles: true, composed: true }));
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private line(m: Message, reported: number) {
    const text = m.deletedAt ? `(deleted by ${m.deletedBy})` : m.text;
    return html`<li class=${m.seq === reported ? 'reported' : ''} data-seq=${m.seq}>
      <span class="muted">#${m.seq} ${clock(m.createdAt)}</span>
      <b>${m.sender.name}</b> <span class=${m.deletedAt ? 'muted' : ''}>${text}</span>
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
        ${g.reporters.join(', ')}${g.notes.length ? html` — “${g.notes.join('”, “')}”` : nothing}
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
      ${this.error ? html`<p class="error">${this.error}</p>` : nothing}
      ${this.items.length === 0 ? html`<p class="muted">No open reports.</p>` : this.items.map((g) => this.card(g))}
      ${this.next ? html`<button @click=${() => this.load(false)}>More reports</button>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mod-reports': ModReports;
  }
}
