import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { isUntilLifted } from '../../../protocol/sanctions.js';
import type { Ban, Mute } from '../../../protocol/admin.js';
import { person } from '../format.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { moderationStyles } from './moderation.styles.js';
import { seg, type ModApi } from './mod-api.js';
import { PagedList } from './paged-list.js';

const PAGE = '20';

const until = (iso: string | null) =>
  isUntilLifted(iso)
    ? 'until lifted'
    : new Date(iso!).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/**
 * Active mutes and bans with their expiry and a Lift button each; both lists
 * page on the server.
 *
 * @summary Mutes and bans.
 */
@customElement('mod-sanctions')
export class ModSanctions extends LitElement {
  static override styles = [sharedStyles, moderationStyles];

  @property({ attribute: false }) api!: ModApi;
  @property({ type: Boolean }) canAct = false;

  private readonly mutes = new PagedList<Mute>(this, (cursor) =>
    this.api.page('/mutes', cursor, { limit: PAGE }),
  );
  private readonly bans = new PagedList<Ban>(this, (cursor) =>
    this.api.page('/bans', cursor, { limit: PAGE }),
  );

  /** Reloads the first page of both lists. */
  async load(): Promise<void> {
    await Promise.all([this.mutes.reload(), this.bans.reload()]);
  }

  private async lift(path: string): Promise<void> {
    try {
      await this.api.delete(`${path}?reason=${encodeURIComponent('lifted in the console')}`);
      await this.load();
    } catch (err) {
      this.mutes.fail(err);
    }
  }

  override render() {
    const error = this.mutes.error || this.bans.error;
    return html`${error ? html`<p class="error">${error}</p>` : nothing}
      <h2>Active mutes</h2>
      ${
        this.mutes.items.length === 0
          ? html`<p class="muted">Nobody is muted.</p>`
          : html`<table class="mutes">
              <tr>
                <th>User</th>
                <th>Room</th>
                <th>Until</th>
                <th>Reason</th>
                <th><span class="sr-only">Actions</span></th>
              </tr>
              ${this.mutes.items.map(
                (m) =>
                  html`<tr data-user=${m.userId}>
                    <td>${person({ id: m.userId, name: m.userName })}</td>
                    <td>${m.room ?? 'everywhere'}</td>
                    <td>${until(m.until)}</td>
                    <td class="wrap">${m.reason}</td>
                    <td>
                      <button
                        ?disabled=${!this.canAct}
                        @click=${() => this.lift(`/mutes/${seg(m.id)}`)}
                      >
                        Lift
                      </button>
                    </td>
                  </tr>`,
              )}
            </table>`
      }
      ${this.mutes.hasMore ? html`<button @click=${() => this.mutes.more()}>More mutes</button>` : nothing}
      <h2>Active bans</h2>
      ${
        this.bans.items.length === 0
          ? html`<p class="muted">Nobody is banned.</p>`
          : html`<table class="bans">
              <tr>
                <th>User</th>
                <th>Until</th>
                <th>Reason</th>
                <th><span class="sr-only">Actions</span></th>
              </tr>
              ${this.bans.items.map(
                (b) =>
                  html`<tr data-user=${b.userId}>
                    <td>${person({ id: b.userId, name: b.userName })}</td>
                    <td>${until(b.until)}</td>
                    <td class="wrap">${b.reason}</td>
                    <td>
                      <button
                        ?disabled=${!this.canAct}
                        @click=${() => this.lift(`/bans/${seg(b.userId)}`)}
                      >
                        Lift
                      </button>
                    </td>
                  </tr>`,
              )}
            </table>`
      }
      ${this.bans.hasMore ? html`<button @click=${() => this.bans.more()}>More bans</button>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mod-sanctions': ModSanctions;
  }
}
