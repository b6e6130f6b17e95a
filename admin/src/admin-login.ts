import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { sharedStyles } from './styles/shared.styles.js';

/**
 * The sign-in card: paste an admin token, or (development servers only) sign in
 * as a development admin through `POST /api/dev/token`.
 *
 * @summary Console sign-in.
 * @fires admin-login - With `detail.token` when the operator signs in.
 */
@customElement('admin-login')
export class AdminLogin extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        max-width: 520px;
        margin: 10vh auto 0;
      }
      form {
        display: grid;
        gap: 12px;
      }
      h1 {
        font-size: 15px;
        font-weight: 600;
        margin: 0;
      }
      textarea {
        min-height: 96px;
        font-family: ui-monospace, monospace;
        font-size: 12px;
        word-break: break-all;
      }
    `,
  ];

  /** Why the last sign-in failed, shown above the form. */
  @property() error = '';

  @state() private busy = false;
  @state() private devError = '';

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const token = String(new FormData(e.target as HTMLFormElement).get('token') ?? '').trim();
    if (token) this.emit(token);
  }

  private async devSignIn(): Promise<void> {
    this.busy = true;
    this.devError = '';
    try {
      const res = await fetch('/api/dev/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sub: 'dev-admin', name: 'Dev Admin', admin: true }),
      });
      const body = (await res.json()) as { token?: string; error?: { message: string } };
      if (!res.ok || !body.token) {
        throw new Error(body.error?.message ?? `the server answered ${res.status}`);
      }
      this.emit(body.token);
    } catch (err) {
      this.devError = `Development sign-in is not available: ${(err as Error).message}`;
    } finally {
      this.busy = false;
    }
  }

  private emit(token: string): void {
    this.dispatchEvent(
      new CustomEvent('admin-login', { detail: { token }, bubbles: true, composed: true }),
    );
  }

  override render() {
    return html`<main>
      <form class="card" @submit=${this.submit}>
        <h1>stock-chat admin</h1>
        <p class="muted">
          Paste a token with the <code>admin</code> (or read-only <code>viewer</code>) role, e.g.
          from <code>npm run token -- --sub ops --admin</code>.
        </p>
        ${this.error ? html`<p class="error" data-login-error>${this.error}</p>` : nothing}
        <textarea
          name="token"
          aria-label="Admin token"
          placeholder="eyJhbGciOi…"
          required
        ></textarea>
        <div class="row">
          <button class="primary" type="submit">Sign in</button>
          <button
            type="button"
            data-action="dev-login"
            ?disabled=${this.busy}
            @click=${this.devSignIn}
          >
            Sign in as dev admin
          </button>
        </div>
        ${this.devError ? html`<p class="muted">${this.devError}</p>` : nothing}
      </form>
    </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-login': AdminLogin;
  }
  interface GlobalEventHandlersEventMap {
    'admin-login': CustomEvent<{ token: string }>;
  }
}
