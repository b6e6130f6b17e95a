import { css } from 'lit';

/** The note above the composer (composer-note.ts), in the note's chunk. */
export const composerNoteStyles = css`
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
