import { css } from 'lit';

/** The console's frame: header bar, tabs and the page body. */
export const appStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    background: var(--admin-bg);
  }
  header {
    display: flex;
    align-items: center;
    gap: 16px;
    padding: 10px 20px;
    border-bottom: 1px solid var(--admin-border);
    background: var(--admin-surface);
  }
  header h1 {
    font-size: 16px;
    margin: 0;
  }
  nav {
    display: flex;
    gap: 4px;
    flex: 1;
  }
  nav button {
    background: transparent;
    border-color: transparent;
  }
  nav button[aria-selected='true'] {
    background: var(--admin-surface-2);
    border-color: var(--admin-border);
  }
  main {
    padding: 20px;
    max-width: 1500px;
    margin: 0 auto;
  }
  .who {
    color: var(--admin-muted);
    font-size: 13px;
  }
`;
