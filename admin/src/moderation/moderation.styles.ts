import { css } from 'lit';

/** The Moderation tab: report cards with context, and the sanctions and audit tables. */
export const moderationStyles = css`
  :host {
    display: block;
  }
  h2 {
    margin-top: 16px;
  }
  .report {
    margin-bottom: 12px;
  }
  .context {
    list-style: none;
    margin: 8px 0;
    padding: 0;
    font-size: 13px;
  }
  .context li {
    padding: 2px 6px;
    border-radius: 4px;
  }
  .context li.reported {
    background: var(--admin-surface-2);
    outline: 1px solid var(--admin-bad);
  }
  td.wrap {
    white-space: normal;
    min-width: 16ch;
    max-width: 360px;
  }
  .settings {
    display: grid;
    gap: 8px;
    max-width: 420px;
    margin-top: 8px;
  }
  .filters input {
    width: 140px;
  }
  .review h3 {
    margin: 12px 0 4px;
    font-size: 14px;
  }
  .user-messages caption {
    text-align: left;
    padding: 8px 0 4px;
  }
  .found {
    list-style: none;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
`;
