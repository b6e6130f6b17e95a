import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AdminConnection } from './admin-connection.js';
import { sharedStyles } from './styles/shared.styles.js';
import { tableStyles } from './styles/table.styles.js';

/**
 * Broadcasts an admin notice to every connected user or to one room.
 *
 * @summary Notice form.
 */
@customElement('admin-notice-form')
export class AdminNoticeForm extends LitElement {
  static override styles = [
    sharedStyles,
    tableStyles,
    css`
      :host {
        display: block;
        margin-top: 16px;
      }
    `,
  ];

  /** The console's connection to `/admin`. */
  @property({ attribute: false }) connection!: AdminConnection;
  /** Rooms offered as targets. */
  @property({ attribute: false }) rooms: string[] = [];
  /** The preselected target room; empty for everyone. */
  @property() room = '';

  @state() private status = '';
  @state() private sending = false;

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const text = String(data.get('text') ?? '').trim();
    const room = String(data.get('room') ?? '');
    if (!text) return;
    this.sending = true;
    try {
      await this.connection.request('notice', room ? { text, room } : { text });
      this.status = `Sent to ${room || 'everyone'}.`;
      form.reset();
    } catch (err) {
      this.status = `Not sent: ${(err as Error).message}`;
    } finally {
      this.sending = false;
    }
  }

  override render() {
    return html`<form class="card" @submit=${this.submit}>
      <h2>Broadcast a notice</h2>
      <textarea
        name="text"
        required
        maxlength="1000"
        placeholder="Maintenance at 22:00 UTC…"
      ></textarea>
      <div class="row">
        <select name="room" aria-label="Target">
          <option value="" ?selected=${!this.room}>Everyone</option>
          ${this.rooms.map((r) => html`<option value=${r} ?selected=${r === this.room}>${r}</option>`)}
        </select>
        <button class="primary" type="submit" ?disabled=${this.sending}>Send notice</button>
      </div>
      ${this.status ? html`<p class="muted">${this.status}</p>` : nothing}
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-notice-form': AdminNoticeForm;
  }
}
