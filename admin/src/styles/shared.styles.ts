import { css } from 'lit';

/**
 * The console's design tokens and the few building blocks every view shares:
 * cards, tiles, tables, buttons, inputs and status badges. Colours come from
 * custom properties so an operator can re-theme the console from admin.css.
 */
export const sharedStyles = css`
  :host {
    --admin-bg: #0f1419;
    --admin-surface: #171d24;
    --admin-surface-2: #1f2730;
    --admin-border: #2b3540;
    --admin-text: #e6e6e6;
    --admin-muted: #8b98a5;
    --admin-accent: #3d9df3;
    /* Behind white text (primary buttons): 4.6:1, where the accent gave 2.9:1. */
    --admin-accent-strong: #1f6feb;
    --admin-ok: #3fb950;
    --admin-warn: #d29922;
    --admin-bad: #f85149;
    --admin-radius: 8px;
    color: var(--admin-text);
    font: inherit;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h2 {
    font-size: 15px;
    font-weight: 600;
    margin: 0 0 12px;
  }
  .card {
    background: var(--admin-surface);
    border: 1px solid var(--admin-border);
    border-radius: var(--admin-radius);
    padding: 16px;
    min-width: 0;
  }
  .muted {
    color: var(--admin-muted);
  }
  .num {
    font-variant-numeric: tabular-nums;
    text-align: right;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 13px;
  }
  th,
  td {
    padding: 6px 8px;
    border-bottom: 1px solid var(--admin-border);
    text-align: left;
    vertical-align: top;
    white-space: nowrap;
  }
  th {
    color: var(--admin-muted);
    font-weight: 500;
  }
  tr.selected td {
    background: var(--admin-surface-2);
  }
  button {
    font: inherit;
    color: var(--admin-text);
    background: var(--admin-surface-2);
    border: 1px solid var(--admin-border);
    border-radius: 6px;
    padding: 6px 12px;
    cursor: pointer;
  }
  button:hover:not(:disabled) {
    border-color: var(--admin-accent);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button.primary {
    background: var(--admin-accent-strong);
    border-color: var(--admin-accent-strong);
    color: #fff;
  }
  button.danger {
    color: var(--admin-bad);
  }
  input,
  textarea,
  select {
    font: inherit;
    color: var(--admin-text);
    background: var(--admin-bg);
    border: 1px solid var(--admin-border);
    border-radius: 6px;
    padding: 6px 10px;
  }
  input:focus,
  textarea:focus,
  select:focus,
  button:focus-visible {
    outline: 2px solid var(--admin-accent);
    outline-offset: 1px;
  }
  .badge {
    display: inline-block;
    padding: 1px 8px;
    border-radius: 10px;
    font-size: 12px;
    background: var(--admin-surface-2);
  }
  .badge.ok {
    color: var(--admin-ok);
  }
  .badge.warn {
    color: var(--admin-warn);
  }
  .badge.bad {
    color: var(--admin-bad);
  }
  .error {
    color: var(--admin-bad);
  }
  /** Read by screen readers, not shown (an actions column's header). */
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .row {
    display: flex;
    gap: 8px;
    align-items: center;
    flex-wrap: wrap;
  }
`;
