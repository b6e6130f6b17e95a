/** Styles for the conversation pane of `<stock-chat>` (after `roomListStyles`, which it refines). */
import { css } from 'lit';

export const contentStyles = css`
  .conversation {
    display: flex;
    flex-direction: column;
    min-height: 0;
    min-width: 0;
  }
  .conversation.placeholder {
    justify-content: center;
  }
  .conv-header {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 8px;
    padding: 8px 12px;
    border-bottom: 1px solid var(--stock-chat-border);
  }
  .conv-title {
    margin: 0;
    font-size: 15px;
    overflow-wrap: anywhere;
  }
  .peer {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-size: 12px;
    color: var(--stock-chat-muted);
  }
  .notice {
    margin: 0;
    padding: 8px 12px;
    background: var(--stock-chat-surface);
    border-bottom: 1px solid var(--stock-chat-border);
    display: flex;
    gap: 8px;
    align-items: center;
  }
  .notice span {
    flex: 1;
  }
  .messages {
    position: relative;
    overflow-anchor: none;
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    list-style: none;
    margin: 0;
    padding: 8px 12px;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .spacer {
    flex: none;
  }
  .older {
    text-align: center;
    font-size: 12px;
    color: var(--stock-chat-muted);
  }
  .message {
    max-width: 85%;
    align-self: flex-start;
  }
  .bubble {
    padding: 6px 10px;
    border-radius: var(--stock-chat-radius);
    background: var(--stock-chat-other-bubble);
    min-width: 0;
  }
  .message.own {
    align-self: flex-end;
  }
  .message.own .bubble {
    background: var(--stock-chat-own-bubble);
  }
  .message.pending {
    opacity: 0.75;
  }
  .message.failed {
    outline: 1px solid var(--stock-chat-danger);
  }
  .meta {
    display: flex;
    gap: 8px;
    align-items: center;
    font-size: 12px;
    color: var(--stock-chat-muted);
  }
  /* Name and time on one line: a long name is cut short, the time never wraps. */
  .sender {
    font-weight: 700;
    color: var(--stock-chat-fg);
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .sender,
  .meta time {
    white-space: nowrap;
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    word-break: break-word;
  }
  .price {
    margin-inline-start: 4px;
    font-size: 12px;
    font-variant-numeric: tabular-nums;
  }
  .up {
    color: var(--stock-chat-up, var(--stock-chat-online));
  }
  .down {
    color: var(--stock-chat-down, var(--stock-chat-danger));
  }
  .price.stale {
    color: var(--stock-chat-muted);
  }
  .tag {
    padding: 0 4px;
    border-radius: 4px;
    font-size: 10px;
    background: var(--stock-chat-accent);
    color: var(--stock-chat-accent-contrast);
  }
  .cashtag {
    display: inline-block;
    white-space: nowrap;
    min-height: 24px;
    padding: 0 6px;
    border-radius: 999px;
    border: 1px solid var(--stock-chat-accent);
    background: transparent;
    color: var(--stock-chat-accent);
    font-weight: 600;
  }
  .state {
    display: block;
    font-size: 11px;
    text-align: end;
    color: var(--stock-chat-muted);
  }
  .state.failed {
    color: var(--stock-chat-danger);
  }
  .link {
    border: none;
    background: none;
    padding: 0 4px;
    min-height: 24px;
    text-decoration: underline;
    color: inherit;
  }
  .typing {
    min-height: 20px;
    padding: 0 12px;
    font-size: 12px;
    font-style: italic;
    color: var(--stock-chat-muted);
  }
  .composer {
    display: flex;
    gap: 6px;
    padding: 8px 12px 12px;
    border-top: 1px solid var(--stock-chat-border);
  }
  .composer textarea {
    resize: none;
    max-height: 120px;
  }
  .message {
    display: flex;
    gap: 6px;
  }
  .message.own,
  .message.mentioned {
    outline: 0;
  }
  .message.mentioned .bubble {
    box-shadow: inset 3px 0 var(--stock-chat-accent);
  }
  .avatar {
    flex: none;
    width: 28px;
    height: 28px;
    border-radius: 50%;
    overflow: hidden;
    display: grid;
    place-items: center;
    font-size: 11px;
    font-weight: 700;
    background: var(--stock-chat-surface);
    border: 1px solid var(--stock-chat-border);
    position: relative;
  }
  .avatar img {
    position: absolute;
    inset: 0;
    width: 28px;
    height: 28px;
    object-fit: cover;
  }
  .mention {
    font-weight: 700;
    color: var(--stock-chat-accent);
  }
  a[part~='link'] {
    color: var(--stock-chat-accent);
  }
  .quote {
    display: block;
    width: 100%;
    min-height: 24px;
    margin: 2px 0;
    padding: 2px 6px;
    text-align: start;
    font-size: 12px;
    border: 0;
    border-inline-start: 3px solid var(--stock-chat-border);
    background: transparent;
    color: var(--stock-chat-muted);
  }
  .act {
    margin-inline-start: auto;
    font-size: 11px;
  }
  .separator {
    text-align: center;
    font-size: 11px;
    color: var(--stock-chat-muted);
  }
  .unread-divider {
    color: var(--stock-chat-danger);
    border-top: 1px solid var(--stock-chat-danger);
  }
  .list-wrap {
    position: relative;
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .jump {
    position: absolute;
    bottom: 8px;
    left: 50%;
    transform: translateX(-50%);
    display: flex;
    gap: 6px;
    white-space: nowrap;
  }
  .new-messages {
    background: var(--stock-chat-accent);
    color: var(--stock-chat-accent-contrast);
  }
  .replying,
  .suggestions {
    display: flex;
    gap: 6px;
    align-items: center;
    margin: 0;
    padding: 4px 12px;
    font-size: 12px;
    list-style: none;
  }
  [aria-selected='true'] {
    background: var(--stock-chat-accent);
    color: var(--stock-chat-accent-contrast);
  }
  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin-top: 4px;
  }
  .reaction {
    min-height: 24px;
    padding: 0 6px;
    border-radius: 999px;
  }
  .reaction[aria-pressed='true'] {
    border-color: var(--stock-chat-accent);
    background: var(--stock-chat-own-bubble);
  }
  .char-count {
    align-self: center;
    font-size: 11px;
    color: var(--stock-chat-muted);
  }
  .char-count.over {
    color: var(--stock-chat-danger);
  }
  .composer-error {
    padding: 0 12px;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
  }
`;
