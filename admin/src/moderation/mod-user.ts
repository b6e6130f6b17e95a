import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { isUntilLifted } from '../../../protocol/sanctions.js';
import type { User } from '../../../protocol/wire.js';
import type { Ban, Mute, PurgeResult, UserReview } from '../../../protocol/admin.js';
import { clock, person } from '../format.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { moderationStyles } from './moderation.styles.js';
import { seg, type ModApi } from './mod-api.js';
import './mod-sanction-dialog.js';
import type { ModSanctionDialog, SanctionRequest } from './mod-sanction-dialog.js';

const until = (iso: string | null) =>
  isUntilLifted(iso) ? 'until lifted' : `until ${new Date(iso!).toLocaleString()}`;

/**
 * Look up a user by id or name, see their messages of the last day across rooms
 * and the sanctions in force, and mute, ban or delete their recent messages from
 * there (each after the sanction dialog; a mute or ban may delete messages too).
 *
 * @summary User lookup.
 * @fires mod-changed - after an action, so the other lists reload.
 */
@customElement('mod-user')
export class ModUser extends LitElement {
  static override styles = [sharedStyles, moderationStyles];

  @property({ attribute: false }) api!: ModApi;
  @property({ type: Boolean }) canAct = false;

  @state() private found: User[] | null = null;
  @state() private review: UserReview | null = null;
  @state() private error = '';
  @state() private status = '';
  @query('mod-sanction-dialog') private dialog!: ModSanctionDialog;

  private async search(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const q = new FormData(event.currentTarget as HTMLFormElement).get('q');
    if (typeof q !== 'string' || !q.trim()) return;
    try {
      const { items } = await this.api.get<{ items: User[] }>(
        `/users?q=${encodeURIComponent(q.trim())}`,
      );
      [this.found, this.review, this.error, this.status] = [items, null, '', ''];
      if (items.length === 1) await this.open(items[0]!.id);
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async open(userId: string): Promise<void> {
    try {
      this.review = await this.api.get<UserReview>(`/users/${seg(userId)}`);
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  /** Confirms with the dialog, then mutes or bans (and deletes recent messages if asked). */
  private async act(action: SanctionRequest['action']): Promise<void> {
    const user = this.review?.user;
    if (!user) return;
    const choice = await this.dialog.ask({ action, user, room: null, offerPurge: true });
    if (!choice) return;
    const done: string[] = [];
    try {
      const reason = choice.reason || `${action} in the console`;
      if (action === 'mute') {
        const body = { userId: user.id, minutes: choice.minutes, reason };
        const { mute } = await this.api.post<{ mute: Mute }>('/mutes', body);
        done.push(`Muted ${person(user)} in every room ${until(mute.until)}`);
      }
      if (action === 'ban') {
        const body = { userId: user.id, minutes: choice.minutes, reason };
        const { ban } = await this.api.post<{ ban: Ban }>('/bans', body);
        done.push(`Banned ${person(user)} ${until(ban.until)}`);
      }
      if (choice.purgeMinutes !== null) {
        const purge = await this.api.post<PurgeResult>(`/users/${seg(user.id)}/purge`, {
          minutes: choice.purgeMinutes,
          ...(choice.reason ? { reason: choice.reason } : {}),
        });
        done.push(`deleted ${purge.removed} messages in ${purge.rooms.length} rooms`);
      }
      this.status = `${done.join('; ')}.`;
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    }
    await this.open(user.id);
    this.dispatchEvent(new CustomEvent('mod-changed', { bubbles: true, composed: true }));
  }

  private renderReview(r: UserReview) {
    const off = !this.canAct;
    return html`<section class="review" data-user=${r.user.id}>
      <h3>${person(r.user)}</h3>
      <p class="muted">
        ${r.firstSeen ? `First seen ${new Date(r.firstSeen).toLocaleString()}. ` : ''}
        ${r.ban ? html`<span class="badge bad">banned ${until(r.ban.until)}</span>` : nothing}
        ${r.mutes.map(
          (m) =>
            html`<span class="badge warn"
              >muted ${m.room ?? 'everywhere'} ${until(m.until)}</span
            > `,
        )}
      </p>
      <div class="row">
        <button data-act="mute" ?disabled=${off} @click=${() => this.act('mute')}>Mute…</button>
        <button data-act="ban" class="danger" ?disabled=${off} @click=${() => this.act('ban')}>
          Ban…
        </button>
        <button data-act="purge" class="danger" ?disabled=${off} @click=${() => this.act('purge')}>
          Delete recent messages…
        </button>
      </div>
      ${
        r.messages.length === 0
          ? html`<p class="muted">No messages in the last 24 hours.</p>`
          : html`<table class="user-messages">
              <caption class="muted">
                Messages of the last 24 hours, newest first
              </caption>
              <tr>
                <th>When</th>
                <th>Room</th>
                <th>Message</th>
              </tr>
              ${r.messages.map(
                (m) =>
                  html`<tr data-room=${m.room} data-seq=${m.seq} ?data-deleted=${!!m.deletedAt}>
                    <td class="muted">${clock(m.createdAt)}</td>
                    <td>${m.room}</td>
                    <td class="wrap">
                      ${m.deletedAt ? html`<i class="muted">deleted by the ${m.deletedBy}</i>` : m.text}
                    </td>
                  </tr>`,
              )}
            </table>`
      }
    </section>`;
  }

  override render() {
    const f = this.found;
    return html`<h2>Look up a user</h2>
      <form class="row" @submit=${this.search}>
        <input name="q" placeholder="User id or name" aria-label="User id or name" required />
        <button type="submit">Look up</button>
      </form>
      ${this.error ? html`<p class="error">${this.error}</p>` : nothing}
      ${this.status ? html`<p role="status">${this.status}</p>` : html`<p role="status"></p>`}
      ${f && f.length === 0 ? html`<p class="muted">No user matches.</p>` : nothing}
      ${
        f && f.length > 1
          ? html`<ul class="found">
              ${f.map(
                (u) =>
                  html`<li>
                    <button class="link" @click=${() => this.open(u.id)}>${person(u)}</button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      ${this.review ? this.renderReview(this.review) : nothing}
      <mod-sanction-dialog></mod-sanction-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mod-user': ModUser;
  }
}
