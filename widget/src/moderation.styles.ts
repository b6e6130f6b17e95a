import { css } from 'lit';

/**
 * A message's ⋯ toggle and its menu while the menu's chunk loads, tombstones,
 * "(edited)" (the menu's own steps are styled by views/message-panels.styles.ts,
 * and the composer's note by views/composer-note.styles.ts, which load with them).
 */
export const moderationStyles = css`
  .more {
    margin-inline-start: auto;
    min-height: 24px;
    padding: 0 6px;
    border: none;
    background: transparent;
    color: var(--stock-chat-muted);
    font-size: 14px;
    line-height: 1;
    cursor: pointer;
  }
  .more:hover,
  .more:focus-visible {
    color: var(--stock-chat-fg);
  }
  .menu {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 10px;
    align-items: center;
    margin: 4px 0;
    font-size: 12px;
    color: var(--stock-chat-fg);
  }
  .message.deleted {
    background: transparent;
    border: 1px dashed var(--stock-chat-border);
  }
  .tombstone {
    font-style: italic;
    color: var(--stock-chat-muted);
  }
  .edited {
    font-size: 11px;
    color: var(--stock-chat-muted);
  }
`;
