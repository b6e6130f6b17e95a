import { css } from 'lit';

/**
 * A message's ⋯ toggle and its menu while the menu's chunk loads, tombstones,
 * "(edited)" and the composer's explanations (the menu's own steps are styled by
 * views/message-panels.styles.ts, which loads with them).
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
  .composer-note {
    margin: 0;
    padding: 6px 12px;
    font-size: 12px;
    color: var(--stock-chat-fg);
    background: var(--stock-chat-surface);
    border-top: 1px solid var(--stock-chat-border);
  }
  .composer-note.muted,
  .composer-note.banned {
    color: var(--stock-chat-danger);
  }
`;
