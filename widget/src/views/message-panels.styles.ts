import { css } from 'lit';

/**
 * The steps of a message's menu (message-panels.ts): the editor, its hint and the
 * delete confirmation. They travel in the menu's chunk, not in the first load.
 */
export const messagePanelStyles = css`
  .menu.editor {
    flex-direction: column;
    align-items: stretch;
  }
  .menu.editor textarea {
    font: inherit;
    font-size: 14px;
    resize: vertical;
    padding: 4px 6px;
    border-radius: 6px;
    border: 1px solid var(--stock-chat-border);
    background: var(--stock-chat-bg);
    color: var(--stock-chat-fg);
  }
  .menu .hint {
    color: var(--stock-chat-muted);
  }
  .menu .danger {
    color: var(--stock-chat-danger);
    font-weight: 600;
  }
`;
