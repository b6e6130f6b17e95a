import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { Message } from '../../../protocol/wire.js';
import type { ReportGroup, ResolveAction } from '../../../protocol/admin.js';
import { ago, clock, person } from '../format.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { moderationStyles } from './moderation.styles.js';
import type { ModApi } from './mod-api.js';
import { PagedList } from './paged-list.js';
import './mod-sanction-dialog.js';
import type { ModSanctionDialog } from './mod-sanction-dialog.js';

const PAGE = '10';

/**
 * The open reports queue: one card per reported message with ±5 messages of
 * context, who reported it and why, and actions that resolve every report of the
 * message (dismiss, delete; mute and ban after a confirmation with their length and
 * reason). It reloads whenever `live` changes (a new report, pushed to the console).
 *
 * @summary Reports queue.
 */
@customElement('mod-reports')
export class ModReports extends LitElement {
  static override styles = [sharedStyles, moderationStyles];

  @property({ attribute: false }) api!: ModApi;
  /** False for viewers: they see the queue and cannot act. */
  @property({ type: Boolean }) canAct = false;
  /** Bumped by the console for every new report; each change reloads the queue. */
  @property({ type: Number }) live = 0;

  @state() private busy = false;
  @query('mod-sanction-dialog') private dialog!: ModSanctionDialog;
  private reloading: Promise<void> | null = null;
  private reloadAgain = false;
  private readonly list = new PagedList<ReportGroup>(this, (cursor) =>
    this.api.page('/reports', cursor, { status: 'open', limit: PAGE }),
  );

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('live') && changed.get('live') !== undefined) void this.refresh();
  }

  /** Reloads the queue; reports arriving meanwhile cost one more reload, not one each. */
  private async refresh(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        await this.list.reload();
      } while (this.reloadAgain);
    })();
    await this.reloading;
    this.reloading = null;
  }

  /** Mute (in the report's room) or ban the sender, once the operator confirmed length and reason. */
  private async sanction(group: ReportGroup, action: 'mute' | 'ban'): Promise<void> {
    const sender = group.message?.sender ?? { id: 'the sender', name: '' };
    const choice = await this.dialog.ask({
      action,
      user: sender,
      room: action === 'mute' ? group.room : null,
    });
    if (!choice) return;
    await this.resolve(group, action, {
      minutes: choice.minutes,
      ...(choice.reason ? { reason: choice.reason } : {}),
    });
  }

  private async resolve(
    group: ReportGroup,
    action: ResolveAction,
    extra: { minutes?: number | null; reason?: string } = {},
  ): Promise<void> {
    this.busy = true;
    try {
      await this.api.post(`/reports/${encodeURIComponent(group.id)}/resolve`, {
        action,
        ...extra,
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
        ${g.reportedBy.map((who, i) => html`${i ? ', ' : ''}<bdi>${person(who)}</bdi>`)}${g.notes.map((note, i) => html`${i ? ', ' : ' — '}“<bdi>${note}</bdi>”`)}
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
        <button data-action="mute" ?disabled=${off} @click=${() => this.sanction(g, 'mute')}>
          Mute sender…
        </button>
        <button
          data-action="ban"
          class="danger"
          ?disabled=${off}
          @click=${() => this.sanction(g, 'ban')}
        >
          Ban sender…
        </button>
      </div>
    </article>`;
  }

  override render() {
    return html`<h2>Open reports</h2>
      ${this.list.error ? html`<p class="error">${this.list.error}</p>` : nothing}
      ${this.list.items.length === 0 ? html`<p class="muted">No open reports.</p>` : this.list.items.map((g) => this.card(g))}
      ${this.list.hasMore ? html`<button @click=${() => this.list.more()}>More reports</button>` : nothing}
      <mod-sanction-dialog></mod-sanction-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mod-reports': ModReports;
  }
}
