import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Ban, Mute } from '../../../server/protocol-admin.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { moderationStyles } from './moderation.styles.js';
import { seg, type ModApi } from './mod-api.js';

const PAGE = '20';

const until = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'until lifted');

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

  @state() private mutes: Mute[] = [];
  @state() private bans: Ban[] = [];
  @state() private nextMutes: string | null = null;
  @state() private nextBans: string | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** Reloads the first page of both lists. */
  async load(): Promise<void> {
    try {
      const [mutes, bans] = await Promise.all([
        this.api.page<Mute>('/mutes', null, { limit: PAGE }),
        this.api.page<Ban>('/bans', null, { limit: PAGE }),
      ]);
      [this.mutes, this.nextMutes] = [mutes.items, mutes.nextCursor];
      [this.bans, this.nextBans] = [bans.items, bans.nextCursor];
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async more(kind: 'mutes' | 'bans'): Promise<void> {
    try {
      if (kind === 'mutes') {
        const page = await this.api.page<Mute>('/mutes', this.nextMutes, { limit: PAGE });
        [this.mutes, this.nextMutes] = [[...this.mutes, ...page.items], page.nextCursor];
      } else {
        const page = await this.api.page<Ban>('/bans', this.nextBans, { limit: PAGE });
        [this.bans, this.nextBans] = [[...this.bans, ...page.items], page.nextCursor];
      }
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async lift(path: string): Promise<void> {
    try {
      await this.api.delete(`${path}?reason=${encodeURIComponent('lifted in the console')}`);
      await this.load();
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  override render() {
    return html`${this.error ? html`<p class="error">${this.error}</p>` : nothing}
      <h2>Active mutes</h2>
      ${
        this.mutes.length === 0
          ? html`<p class="muted">Nobody is muted.</p>`
          : html`<table class="mutes">
              <tr>
                <th>User</th>
                <th>Room</th>
                <th>Until</th>
                <th>Reason</th>
                <th></th>
              </tr>
              ${this.mutes.map(
                (m) =>
                  html`<tr data-user=${m.userId}>
                    <td>${m.userId}</td>
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
      ${this.nextMutes ? html`<button @click=${() => this.more('mutes')}>More mutes</button>` : nothing}
      <h2>Active bans</h2>
      ${
        this.bans.length === 0
          ? html`<p class="muted">Nobody is banned.</p>`
          : html`<table class="bans">
              <tr>
                <th>User</th>
                <th>Until</th>
                <th>Reason</th>
                <th></th>
              </tr>
              ${this.bans.map(
                (b) =>
                  html`<tr data-user=${b.userId}>
                    <td>${b.userId}</td>
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
      ${this.nextBans ? html`<button @click=${() => this.more('bans')}>More bans</button>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mod-sanctions': ModSanctions;
  }
}
