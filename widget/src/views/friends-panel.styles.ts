import { css } from 'lit';

/** The friends panel's new-group form (friends-panel.ts), in the panel's chunk. */
export const friendsPanelStyles = css`
  .new-group {
    margin-top: 12px;
  }
  .group-form {
    display: grid;
    gap: 6px;
    margin-top: 6px;
  }
  .group-form fieldset {
    border: 1px solid var(--stock-chat-border);
    border-radius: 8px;
    margin: 0;
  }
  .member {
    display: block;
  }
  summary {
    min-height: 24px;
    cursor: pointer;
  }
`;
