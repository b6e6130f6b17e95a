import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RoomActivity, RoomEvent } from '../../protocol/admin.js';
import type { AdminConnection } from './admin-connection.js';
import './admin-notice-form.js';
import { ago, clock, int } from './format.js';
import { sharedStyles } from './styles/shared.styles.js';
import { tableStyles } from './styles/table.styles.js';
import { PollController } from './poll-controller.js';

const REFRESH_MS = 5000;

/**
 * Active rooms (members, live subscribers, messages per minute, last activity);
 * clicking a room loads its recent events. The notice form sits alongside.
 *
 * @summary Room activity.
 */
@customElement('admin-rooms')
export class AdminRooms extends LitElement {
  static override styles = [sharedStyles, tableStyles];

  /** The console's connection to `/admin`. */
  @property({ attribute: false }) connection!: AdminConnection;

  @state() private rooms: RoomActivity[] = [];
  @state() private selected: string | null = null;
  @state() private events: RoomEvent[] = [];
  @state() private error = '';

  private readonly poll = new PollController(this, REFRESH_MS, () => this.load());

  private async load(): Promise<void> {
    if (this.connection.status !== 'open') return;
    try {
      this.rooms = await this.connection.request('rooms', {});
      if (this.selected)
        this.events = await this.connection.request('room_events', { room: this.selected });
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private async select(room: string): Promise<void> {
    this.selected = room;
    this.events = [];
    try {
      this.events = await this.connection.request('room_events', { room });
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private renderEvents() {
    if (!this.selected) return html`<p class="muted">Pick a room to see its recent events.</p>`;
    return html`<h2>${this.selected}</h2>
      ${
        this.events.length === 0
          ? html`<p class="muted">No recent events.</p>`
          : html`<table>
              ${this.events.map(
                (e) =>
                  html`<tr>
                    <td class="muted">${clock(e.t)}</td>
                    <td><span class="badge">${e.kind}</span></td>
                    <td><bdi>${e.user.name}</bdi></td>
                    <td class="rooms" dir="auto">${e.text ?? ''}</td>
                  </tr>`,
              )}
            </table>`
      }`;
  }

  override render() {
    return html`
      ${this.error ? html`<p class="error">${this.error}</p>` : nothing}
      <div class="split">
        <div class="card scroll">
          <h2>Active rooms</h2>
          <table>
            <thead>
              <tr>
                <th>Room</th>
                <th>Kind</th>
                <th class="num">Members</th>
                <th class="num">Subscribed</th>
                <th class="num">Msgs/min</th>
                <th class="num">Last seq</th>
                <th>Last activity</th>
              </tr>
            </thead>
            <tbody>
              ${this.rooms.map(
                (r) =>
                  html`<tr
                    class="clickable ${r.id === this.selected ? 'selected' : ''}"
                    data-room=${r.id}
                    @click=${() => this.select(r.id)}
                  >
                    <td>${r.id}</td>
                    <td>${r.kind}</td>
                    <td class="num">${int(r.members)}</td>
                    <td class="num">${int(r.subscribers)}</td>
                    <td class="num">${r.messagesPerMinute}</td>
                    <td class="num">${int(r.lastSeq)}</td>
                    <td>${ago(r.lastActivity)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
          ${this.rooms.length === 0 ? html`<p class="muted">No rooms yet.</p>` : nothing}
        </div>
        <div>
          <div class="card events">${this.renderEvents()}</div>
          ${
            this.connection.canAct
              ? html`<admin-notice-form
                  .connection=${this.connection}
                  .rooms=${this.rooms.map((r) => r.id)}
                  .room=${this.selected ?? ''}
                ></admin-notice-form>`
              : nothing
          }
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-rooms': AdminRooms;
  }
}
