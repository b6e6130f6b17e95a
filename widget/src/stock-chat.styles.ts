/**
 * Styles for `<stock-chat>`. Everything themable is a `--stock-chat-*` custom
 * property with a default on `:host`; sizes are in px, never rem, so the host
 * page's root font size cannot leak in. Host-level rules that hostile page CSS
 * could override (`* { all: unset !important }`) are `!important`, which wins
 * from inside the shadow tree.
 */
import { css } from 'lit';

export const styles = css`
  :host {
    --stock-chat-accent: #2563eb;
    --stock-chat-accent-contrast: #ffffff;
    --stock-chat-bg: #ffffff;
    --stock-chat-surface: #f3f4f6;
    --stock-chat-fg: #111827;
    --stock-chat-muted: #4b5563;
    --stock-chat-border: #d1d5db;
    --stock-chat-own-bubble: #dbeafe;
    --stock-chat-other-bubble: #f3f4f6;
    --stock-chat-online: #15803d;
    --stock-chat-danger: #b91c1c;
    --stock-chat-focus-ring: #f59e0b;
    --stock-chat-radius: 12px;
    --stock-chat-font-family:
      system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans TC', sans-serif;
    --stock-chat-font-size: 14px;
    --stock-chat-width: 380px;
    --stock-chat-height: 560px;
    --stock-chat-z-index: 2147483000;
    --stock-chat-offset: 20px;
    display: block !important;
    box-sizing: border-box !important;
    visibility: visible !important;
    opacity: 1 !important;
    position: static !important;
    contain: layout style !important;
  }
  :host([mode='launcher']) {
    display: contents !important;
  }
  :host([mode='inline']) {
    height: var(--stock-chat-height) !important;
    min-height: 320px !important;
    max-width: 100% !important;
  }
  :host([hidden]) {
    display: none !important;
  }
  /* The dark theme's defaults, for theme="dark" and for theme="auto" on a dark system.
     Written out twice (gzip stores the repeat for a few bytes): a declarations-only
     css fragment cannot be minified at build time. */
  :host([theme='dark']) {
    --stock-chat-accent: #60a5fa;
    --stock-chat-accent-contrast: #0b1220;
    --stock-chat-bg: #111827;
    --stock-chat-surface: #1f2937;
    --stock-chat-fg: #f9fafb;
    --stock-chat-muted: #cbd5e1;
    --stock-chat-border: #374151;
    --stock-chat-own-bubble: #1e3a8a;
    --stock-chat-other-bubble: #1f2937;
    --stock-chat-online: #4ade80;
    --stock-chat-danger: #f87171;
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      --stock-chat-accent: #60a5fa;
      --stock-chat-accent-contrast: #0b1220;
      --stock-chat-bg: #111827;
      --stock-chat-surface: #1f2937;
      --stock-chat-fg: #f9fafb;
      --stock-chat-muted: #cbd5e1;
      --stock-chat-border: #374151;
      --stock-chat-own-bubble: #1e3a8a;
      --stock-chat-other-bubble: #1f2937;
      --stock-chat-online: #4ade80;
      --stock-chat-danger: #f87171;
    }
  }

  /* A clean slate inside the shadow tree: nothing inherited from the page matters. */
  .root {
    all: initial;
    display: block;
    height: 100%;
    font-family: var(--stock-chat-font-family);
    font-size: var(--stock-chat-font-size);
    line-height: 1.4;
    color: var(--stock-chat-fg);
    text-align: start;
    letter-spacing: normal;
    word-spacing: normal;
    text-transform: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input,
  textarea {
    font: inherit;
    color: inherit;
    letter-spacing: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--stock-chat-border);
    background: var(--stock-chat-surface);
    border-radius: 8px;
    padding: 6px 10px;
    min-height: 32px;
    min-width: 24px;
  }
  /* A finger needs more than a pointer: 44 px wherever a control is not part of a line of text. */
  @media (pointer: coarse) {
    button,
    input {
      min-height: 44px;
    }
    .icon {
      min-width: 44px;
    }
  }
  button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  :focus-visible {
    outline: 3px solid var(--stock-chat-focus-ring);
    outline-offset: 2px;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  .launcher {
    position: fixed;
    right: var(--stock-chat-offset);
    bottom: var(--stock-chat-offset);
    z-index: var(--stock-chat-z-index);
    width: 56px;
    height: 56px;
    border-radius: 50%;
    border: none;
    background: var(--stock-chat-accent);
    color: var(--stock-chat-accent-contrast);
    font-size: 24px;
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.25);
    transition: transform 150ms ease;
  }
  .launcher:hover {
    transform: scale(1.05);
  }
  .badge {
    position: absolute;
    top: -4px;
    right: -4px;
    min-width: 22px;
    height: 22px;
    padding: 0 6px;
    border-radius: 11px;
    background: var(--stock-chat-danger);
    color: #fff;
    font-size: 12px;
    font-weight: 700;
    line-height: 22px;
  }

  .panel {
    display: flex;
    flex-direction: column;
    height: 100%;
    overflow: hidden;
    background: var(--stock-chat-bg);
    color: var(--stock-chat-fg);
    border: 1px solid var(--stock-chat-border);
    border-radius: var(--stock-chat-radius);
    container-type: inline-size;
  }
  .panel[hidden] {
    display: none;
  }
  .launcher-mode .panel {
    position: fixed;
    right: var(--stock-chat-offset);
    bottom: calc(var(--stock-chat-offset) + 68px);
    z-index: var(--stock-chat-z-index);
    width: min(var(--stock-chat-width), calc(100vw - 2 * var(--stock-chat-offset)));
    height: min(var(--stock-chat-height), calc(100vh - 120px));
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.3);
    animation: rise 160ms ease-out;
  }
  @keyframes rise {
    from {
      transform: translateY(12px);
      opacity: 0;
    }
  }
  @media (max-width: 480px) {
    .launcher-mode .panel {
      inset: 0;
      width: 100vw;
      height: 100dvh;
      border-radius: 0;
      border: none;
    }
  }

  header {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 10px 12px;
    border-bottom: 1px solid var(--stock-chat-border);
  }
  h2 {
    margin: 0;
    font-size: 16px;
    font-weight: 700;
    flex: 1;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 2px 8px;
    border-radius: 999px;
    border: 1px solid var(--stock-chat-border);
    font-size: 12px;
    color: var(--stock-chat-muted);
  }
  .status::before {
    content: '';
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--stock-chat-muted);
  }
  .status.online::before {
    background: var(--stock-chat-online);
  }
  .status.offline::before {
    background: var(--stock-chat-danger);
  }
  .icon {
    min-width: 32px;
    padding: 0 8px;
    font-size: 18px;
    line-height: 1;
  }

  .body {
    flex: 1;
    min-height: 0;
    display: grid;
    grid-template-columns: 1fr;
  }
  .body.has-room .room-list {
    display: none;
  }
  .body:not(.has-room) .conversation {
    display: none;
  }
  @container (min-width: 540px) {
    .body,
    .body.has-room {
      grid-template-columns: minmax(200px, 35%) 1fr;
    }
    .body .room-list,
    .body.has-room .room-list {
      display: block;
      border-right: 1px solid var(--stock-chat-border);
    }
    .body .conversation,
    .body:not(.has-room) .conversation {
      display: flex;
    }
    .back {
      display: none;
    }
  }
`;
