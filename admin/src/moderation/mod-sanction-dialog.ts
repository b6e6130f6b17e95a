import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { SANCTION_LENGTHS } from '../../../protocol/sanctions.js';
import { sharedStyles } from '../styles/shared.styles.js';

/** What the console is about to do to whom. */
export interface SanctionRequest {
  action: 'mute' | 'ban' | 'purge';
  user: { id: string; name?: string | undefined };
  /** A mute's room; null or left out: every room. */
  room?: string | null | undefined;
  /** Offer "also delete their messages of the last…" with the mute or ban. */
  offerPurge?: boolean;
}

/** What the operator confirmed. `minutes` null: until lifted; `purgeMinutes` null: keep messages. */
export interface SanctionChoice {
  minutes: number | null;
  reason: string;
  purgeMinutes: number | null;
}

const PURGE_WINDOWS = [
  { label: '15 minutes', minutes: 15 },
  { label: '1 hour', minutes: 60 },
  { label: '24 hours', minutes: 1440 },
  { label: '7 days', minutes: 10_080 },
];

/**
 * The one confirmation every ban, mute and purge of the console goes through: a
 * modal `<dialog>` (focus kept inside, Escape cancels) with the length (1 h, 24 h,
 * 7 d, permanent), an optional reason and, when asked, the window of messages to
 * delete with it. `ask()` resolves with the choice, or null when cancelled.
 *
 * @summary Confirm a ban, mute or purge.
 */
@customElement('mod-sanction-dialog')
export class ModSanctionDialog extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      dialog {
        background: var(--admin-surface);
        color: var(--admin-text);
        border: 1px solid var(--admin-border);
        border-radius: var(--admin-radius);
        padding: 20px;
        width: min(440px, 92vw);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 60%);
      }
      form {
        display: grid;
        gap: 14px;
      }
      fieldset {
        border: 1px solid var(--admin-border);
        border-radius: 6px;
        margin: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 4px 14px;
      }
      label {
        display: grid;
        gap: 4px;
      }
      fieldset label {
        display: flex;
        gap: 6px;
        align-items: center;
      }
      .actions {
        justify-content: flex-end;
      }
    `,
  ];

  @state() private request: SanctionRequest | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  private settle: ((choice: SanctionChoice | null) => void) | null = null;

  /** Opens the dialog for `request`; resolves with the confirmed choice or null. */
  async ask(request: SanctionRequest): Promise<SanctionChoice | null> {
    this.settle?.(null);
    this.request = request;
    await this.updateComplete;
    this.dialog.querySelector('form')?.reset();
    this.dialog.showModal();
    return new Promise((resolve) => (this.settle = resolve));
  }

  private finish(choice: SanctionChoice | null): void {
    const settle = this.settle;
    this.settle = null;
    if (this.dialog.open) this.dialog.close();
    settle?.(choice);
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const number = (key: string) => {
      const value = form.get(key);
      return value === null || value === '' || value === 'none' ? null : Number(value);
    };
    this.finish({
      minutes: this.request?.action === 'purge' ? null : number('minutes'),
      reason: String(form.get('reason') ?? '').trim(),
      purgeMinutes: number('purge'),
    });
  }

  private heading(r: SanctionRequest): string {
    const who =
      r.user.name && r.user.name !== r.user.id ? `${r.user.name} (${r.user.id})` : r.user.id;
    if (r.action === 'ban') return `Ban ${who}?`;
    if (r.action === 'purge') return `Delete recent messages of ${who}?`;
    return `Mute ${who} ${r.room ? `in ${r.room}` : 'in every room'}?`;
  }

  private lengths() {
    return html`<fieldset>
      <legend>Duration</legend>
      ${SANCTION_LENGTHS.map(
        (l, i) =>
          html`<label
            ><input
              type="radio"
              name="minutes"
              value=${l.minutes === null ? '' : String(l.minutes)}
              ?checked=${i === 0}
            />${l.label}</label
          >`,
      )}
    </fieldset>`;
  }

  private purge(r: SanctionRequest) {
    const required = r.action === 'purge';
    return html`<label
      >${required ? 'Delete their messages from the last' : 'Also delete their messages from the last'}
      <select name="purge">
        ${required ? nothing : html`<option value="none" selected>— keep their messages —</option>`}
        ${PURGE_WINDOWS.map(
          (w, i) =>
            html`<option value=${w.minutes} ?selected=${required && i === 1}>${w.label}</option>`,
        )}
      </select>
    </label>`;
  }

  override render() {
    const r = this.request;
    const verb = { mute: 'Mute', ban: 'Ban', purge: 'Delete messages' }[r?.action ?? 'mute'];
    return html`<dialog
      aria-labelledby="sanction-title"
      @cancel=${(e: Event) => {
        e.preventDefault();
        this.finish(null);
      }}
    >
      ${
        r
          ? html`<form @submit=${this.submit} data-action=${r.action}>
              <h2 id="sanction-title">${this.heading(r)}</h2>
              ${r.action === 'purge' ? nothing : this.lengths()}
              ${r.action === 'purge' || r.offerPurge ? this.purge(r) : nothing}
              <label
                >Reason (optional, kept in the audit log)
                <textarea name="reason" rows="2" maxlength="500"></textarea>
              </label>
              <div class="row actions">
                <button type="button" data-cancel @click=${() => this.finish(null)}>Cancel</button>
                <button type="submit" class="primary" data-confirm>${verb}</button>
              </div>
            </form>`
          : nothing
      }
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mod-sanction-dialog': ModSanctionDialog;
  }
}
