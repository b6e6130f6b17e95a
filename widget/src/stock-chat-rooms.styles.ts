/** Styles for the room list, the Join box and the friends panel of `<stock-chat>`. */
import { css } from 'lit';

export const roomListStyles = css`
  .room-list {
    overflow-y: auto;
    padding: 10px;
    min-height: 0;
  }
  .join {
    display: flex;
    gap: 6px;
  }
  .join input,
  .composer textarea {
    flex: 1;
    min-width: 0;
    border: 1px solid var(--stock-chat-border);
    border-radius: 8px;
    background: var(--stock-chat-bg);
    padding: 6px 10px;
  }
  .join button,
  .send {
    background: var(--stock-chat-accent);
    color: var(--stock-chat-accent-contrast);
    border-color: var(--stock-chat-accent);
    font-weight: 600;
  }
  .field-error {
    margin: 4px 0 0;
    min-height: 0;
    font-size: 12px;
    color: var(--stock-chat-danger);
  }
  .section {
    margin: 12px 0 4px;
    font-size: 12px;
    font-weight: 700;
    text-transform: uppercase;
    color: var(--stock-chat-muted);
  }
  .rooms {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .room {
    display: flex;
    align-items: center;
    gap: 6px;
    width: 100%;
    margin: 2px 0;
    text-align: start;
    background: transparent;
    border-color: transparent;
  }
  .room[aria-current='true'] {
    background: var(--stock-chat-surface);
    border-color: var(--stock-chat-border);
  }
  .room-name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .room-sub {
    flex: 1;
    font-size: 12px;
    color: var(--stock-chat-muted);
  }
  .unread {
    margin-inline-start: auto;
    min-width: 20px;
    padding: 0 6px;
    border-radius: 10px;
    background: var(--stock-chat-accent);
    color: var(--stock-chat-accent-contrast);
    font-size: 12px;
    font-weight: 700;
    text-align: center;
  }
  .dot {
    display: inline-block;
    flex: none;
    width: 9px;
    height: 9px;
    border-radius: 50%;
    background: var(--stock-chat-muted);
  }
  .dot.online {
    background: var(--stock-chat-online);
  }
  .request {
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 2px 0;
  }
  .new-group {
    margin-top: 12px;
  }
  summary {
    min-height: 24px;
    cursor: pointer;
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
  .empty,
  .error {
    color: var(--stock-chat-muted);
    text-align: center;
    padding: 16px 8px;
    margin: 0;
  }
  .error {
    color: var(--stock-chat-danger);
    display: grid;
    gap: 8px;
    justify-items: center;
  }
`;
