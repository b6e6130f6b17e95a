import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AdminSession } from '../../protocol/admin.js';
import './moderation/mod-audit.js';
import './moderation/mod-reports.js';
import './moderation/mod-room-settings.js';
import './moderation/mod-sanctions.js';
import './moderation/mod-user.js';
import { ModApi } from './moderation/mod-api.js';
import type { ModAudit } from './moderation/mod-audit.js';
import type { ModSanctions } from './moderation/mod-sanctions.js';
import { sharedStyles } from './styles/shared.styles.js';
import { tableStyles } from './styles/table.styles.js';

/**
 * The Moderation tab: the open reports queue, active mutes and bans, room
 * settings and the audit log, over `/api/mod` with the console's token.
 * Moderators and admins act; viewers only look.
 *
 * @summary Moderation.
 */
@customElement('admin-moderation')
export class AdminModeration extends LitElement {
  static override styles = [
    sharedStyles,
    tableStyles,
    css`
      .audit-card,
      .sanctions-card {
        margin-top: 16px;
      }
      .user-card {
        margin-bottom: 16px;
      }
    `,
  ];

  @property() token = '';
  @property({ attribute: false }) session: AdminSession | null = null;
  /** Reports filed since the console connected, pushed live; the queue reloads on each. */
  @property({ type: Number }) reports = 0;

  private get canAct(): boolean {
    return (this.session?.roles ?? []).some((r) => r === 'moderator' || r === 'admin');
  }

  /** After an action, the lists it changes show it. */
  private refresh = (): void => {
    void this.renderRoot.querySelector<ModSanctions>('mod-sanctions')?.load();
    void this.renderRoot.querySelector<ModAudit>('mod-audit')?.reload();
  };

  override render() {
    const api = new ModApi(this.token);
    return html`<div @mod-changed=${this.refresh}>
      <div class="card user-card">
        <mod-user .api=${api} ?canAct=${this.canAct}></mod-user>
      </div>
      <div class="split">
        <div class="card scroll">
          <mod-reports .api=${api} ?canAct=${this.canAct} .live=${this.reports}></mod-reports>
        </div>
        <div class="card">
          <mod-room-settings .api=${api} ?canAct=${this.canAct}></mod-room-settings>
        </div>
      </div>
      <!-- Full width: the tables' reasons and Lift buttons must fit without scrolling. -->
      <div class="card scroll sanctions-card">
        <mod-sanctions .api=${api} ?canAct=${this.canAct}></mod-sanctions>
      </div>
      <div class="card scroll audit-card">
        <mod-audit .api=${api}></mod-audit>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'admin-moderation': AdminModeration;
  }
}
