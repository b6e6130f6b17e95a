import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  checkNames,
  runDiagnostics,
  type CheckResult,
  type DiagnoseReport,
} from './diagnose/index.js';
import { sharedStyles } from './styles/shared.styles.js';

type Row = { name: string; state: 'pending' | 'running' | 'pass' | 'fail'; result?: CheckResult };

/**
 * Runs the live connection test suite from the browser, against this server,
 * as a real client would, and shows each check as it runs.
 *
 * @summary Live connection test suite.
 * @fires admin-diagnose-done - When a run ends; `detail` is the report.
 */
@customElement('admin-diagnose')
export class AdminDiagnose extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      ol {
        list-style: none;
        margin: 12px 0 0;
        padding: 0;
      }
      li {
        display: grid;
        grid-template-columns: 70px minmax(0, 1fr) 90px;
        gap: 8px;
        padding: 8px 0;
        border-bottom: 1px solid var(--admin-border);
      }
      .detail {
        grid-column: 2 / 4;
        font-size: 12px;
      }
      progress {
        width: 240px;
      }
    `,
  ];

  /** The chat token the suite's clients sign in with. */
  @property({ attribute: false }) token = '';
  /** Server origin; defaults to this page's. */
  @property() url = '';

  @state() private rows: Row[] = checkNames.map((name) => ({ name, state: 'pending' }));
  @state() private running = false;
  @state() private report: DiagnoseReport | null = null;
  @state() private error = '';

  private async run(): Promise<void> {
    this.running = true;
    this.report = null;
    this.error = '';
    this.rows = checkNames.map((name) => ({ name, state: 'pending' }));
    try {
      this.report = await runDiagnostics({
        url: this.url || window.location.origin,
        token: this.token,
        onProgress: (p) => {
          this.rows = this.rows.map((row) => {
            if (p.type === 'start' && row.name === p.name) return { ...row, state: 'running' };
            if (p.type === 'end' && row.name === p.result.name) {
              return { ...row, state: p.result.ok ? 'pass' : 'fail', result: p.result };
            }
            return row;
          });
        },
      });
      this.dispatchEvent(
        new CustomEvent('admin-diagnose-done', {
          detail: this.report,
          bubbles: true,
          composed: true,
        }),
      );
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.running = false;
    }
  }

  private download(): void {
    if (!this.report) return;
    const blob = new Blob([JSON.stringify(this.report, null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `stock-chat-diagnose-${this.report.startedAt.replace(/[:.]/g, '-')}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  private renderRow(row: Row) {
    const badge = { pending: '', running: 'warn', pass: 'ok', fail: 'bad' }[row.state];
    const r = row.result;
    const details = r?.details
      ? Object.entries(r.details)
          .map(([k, v]) => `${k}=${v}`)
          .join('  ')
      : '';
    return html`<li data-check=${row.name} data-state=${row.state}>
      <span class="badge ${badge}">${row.state}</span>
      <span>${row.name}</span>
      <span class="num muted">${r ? `${r.durationMs} ms` : ''}</span>
      ${r?.reason ? html`<span class="detail error">${r.reason}</span>` : nothing}
      ${details ? html`<span class="detail muted">${details}</span>` : nothing}
    </li>`;
  }

  override render() {
    const done = this.rows.filter((r) => r.state === 'pass' || r.state === 'fail').length;
    const r = this.report;
    return html`<section class="card">
      <h2>Live connection test suite</h2>
      <p class="muted">
        Runs every check against this server with real Socket.IO clients signed in with your token.
        It talks in the ticker room $DIAG. The same suite runs from the shell:
        <code>npm run diagnose -- --url &lt;server&gt; --token &lt;jwt&gt;</code>.
      </p>
      <div class="row">
        <button class="primary" data-action="run" ?disabled=${this.running} @click=${this.run}>
          ${this.running ? 'Running…' : 'Run tests'}
        </button>
        <button ?disabled=${!r} @click=${this.download}>Download JSON</button>
        ${this.running ? html`<progress max=${this.rows.length} value=${done}></progress>` : nothing}
        ${
          r
            ? html`<span class="badge ${r.ok ? 'ok' : 'bad'}" data-summary
                >${r.passed}/${r.checks.length} passed in ${r.durationMs} ms</span
              >`
            : nothing
        }
      </div>
      ${this.error ? html`<p class="error">${this.error}</p>` : nothing}
      <ol>
        ${this.rows.map((row) => this.renderRow(row))}
      </ol>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-diagnose': AdminDiagnose;
  }
  interface GlobalEventHandlersEventMap {
    'admin-diagnose-done': CustomEvent<DiagnoseReport>;
  }
}
