import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RoomSettings } from '../../../protocol/admin.js';
import { sharedStyles } from '../styles/shared.styles.js';
import { moderationStyles } from './moderation.styles.js';
import { seg, type ModApi } from './mod-api.js';

/**
 * A room's slow mode and read-only switch: load a room by id, change, save.
 *
 * @summary Room settings.
 */
@customElement('mod-room-settings')
export class ModRoomSettings extends LitElement {
  static override styles = [sharedStyles, moderationStyles];

  @property({ attribute: false }) api!: ModApi;
  @property({ type: Boolean }) canAct = false;

  @state() private settings: RoomSettings | null = null;
  @state() private message = '';
  @state() private error = '';

  private async load(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const room = new FormData(event.currentTarget as HTMLFormElement).get('room');
    if (typeof room !== 'string' || !room.trim()) return;
    try {
      this.settings = (
        await this.api.get<{ settings: RoomSettings }>(`/rooms/${seg(room.trim())}`)
      ).settings;
      [this.error, this.message] = ['', ''];
    } catch (err) {
      [this.settings, this.error] = [null, (err as Error).message];
    }
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.settings) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const change = {
      slowModeSec: Number(form.get('slowModeSec') ?? 0),
      readOnly: form.get('readOnly') === 'on',
    };
    try {
      const path = `/rooms/${seg(this.settings.room)}`;
      this.settings = (await this.api.patch<{ settings: RoomSettings }>(path, change)).settings;
      [this.error, this.message] = ['', `Saved ${this.settings.room}.`];
      this.dispatchEvent(new CustomEvent('mod-changed', { bubbles: true, composed: true }));
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  override render() {
    const s = this.settings;
    return html`<h2>Room settings</h2>
      <form class="row" @submit=${this.load}>
        <input name="room" placeholder="$TSLA or g:…" aria-label="Room id" required />
        <button type="submit">Load</button>
      </form>
      ${this.error ? html`<p class="error">${this.error}</p>` : nothing}
      ${
        s
          ? html`<form class="settings" @submit=${this.save} data-room=${s.room}>
              <label
                >Slow mode (seconds between a user's messages, 0 = off)
                <input
                  name="slowModeSec"
                  type="number"
                  min="0"
                  max="3600"
                  .value=${String(s.slowModeSec)}
                />
              </label>
              <label class="row"
                ><input name="readOnly" type="checkbox" .checked=${s.readOnly} /> Read-only: only
                moderators post</label
              >
              <button class="primary" type="submit" ?disabled=${!this.canAct}>
                Save ${s.room}
              </button>
            </form>`
          : nothing
      }
      ${this.message ? html`<p class="muted" role="status">${this.message}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mod-room-settings': ModRoomSettings;
  }
}
