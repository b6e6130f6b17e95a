/**
 * The confirmations a message's menu asks before it acts on a person: blocking
 * them (saying what a block hides) and a moderator's mute or ban (its length and
 * an optional reason, as the console's `<mod-sanction-dialog>` asks). Each is a
 * modal `<dialog>` in the widget's shadow root: focus moves into it, Escape
 * cancels, and focus goes back to the button that opened it. Part of the menu's
 * chunk, loaded on first use.
 */
import { html, render } from 'lit';
import type { ReactiveElement, TemplateResult } from 'lit';
import { addEnglish } from '../i18n/index.js';
import type { Translate } from '../i18n/index.js';
import { enDialogs } from '../i18n/en-dialogs.js';
import type { Sanction } from '../moderation.js';

addEnglish(enDialogs);

/**
 * The console's lengths (`SANCTION_LENGTHS` in protocol/sanctions.ts) in minutes,
 * null until lifted, labelled in the widget's language. Importing that list here
 * would put it in the first load, beside the `isUntilLifted` the composer uses.
 */
const LENGTHS = [
  [60, 'length1h'],
  [1440, 'length24h'],
  [10_080, 'length7d'],
  [null, 'lengthPermanent'],
] as const;

// Kept with the dialog, not in the first load's styles; colours come from the host's properties.
const STYLE = html`<style>
  dialog {
    max-width: min(360px, calc(100vw - 32px));
    padding: 16px;
    border: 1px solid var(--stock-chat-border);
    border-radius: var(--stock-chat-radius);
    background: var(--stock-chat-bg);
    color: var(--stock-chat-fg);
    font: var(--stock-chat-font-size) / 1.4 var(--stock-chat-font-family);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 45%);
  }
  dialog h2 {
    margin: 0 0 8px;
    font-size: 16px;
  }
  dialog ul {
    margin: 4px 0 8px;
    padding-inline-start: 20px;
  }
  dialog fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    margin: 0 0 10px;
    border: 1px solid var(--stock-chat-border);
    border-radius: 6px;
  }
  dialog label {
    display: flex;
    gap: 6px;
    align-items: center;
    min-height: 24px;
  }
  dialog label.reason {
    display: grid;
    gap: 4px;
  }
  dialog textarea {
    font: inherit;
    resize: vertical;
  }
  dialog .actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    margin-top: 12px;
  }
  dialog .danger {
    background: var(--stock-chat-danger);
    border-color: var(--stock-chat-danger);
    color: #fff;
  }
</style>`;

/**
 * Shows `body` in a modal dialog beside `opener` and resolves with the form's
 * data when confirmed, or null when cancelled (Cancel, Escape).
 */
function ask(
  opener: HTMLElement,
  part: string,
  title: string,
  body: TemplateResult,
  actions: TemplateResult,
): Promise<FormData | null> {
  const root = opener.getRootNode() as ShadowRoot;
  const dialog = document.createElement('dialog');
  dialog.setAttribute('part', part);
  dialog.setAttribute('aria-labelledby', 'confirm-title');
  render(
    html`${STYLE}
      <form method="dialog">
        <h2 id="confirm-title">${title}</h2>
        ${body}
        <div class="actions">${actions}</div>
      </form>`,
    dialog,
  );
  root.append(dialog);
  // Escape closes the dialog (its `cancel`) and goes no further: an open launcher stays open.
  dialog.addEventListener('keydown', (e) => e.key === 'Escape' && e.stopPropagation());
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const data = new FormData(dialog.querySelector('form')!);
      dialog.remove();
      if (opener.isConnected) opener.focus();
      resolve(dialog.returnValue === 'confirm' ? data : null);
    });
  });
}

const buttons = (t: Translate, confirm: string): TemplateResult =>
  html`<button part="dialog-cancel" value="cancel" autofocus>${t('cancel')}</button
    ><button part="dialog-confirm" class="danger" value="confirm">${confirm}</button>`;

/** Asks whether to block `name`, saying what a block hides; true when confirmed. */
export async function confirmBlock(
  opener: HTMLElement,
  t: Translate,
  name: string,
): Promise<boolean> {
  const body = html`<p>${t('blockHides')}</p>
    <ul>
      <li>${t('blockHidesMessages')}</li>
      <li>${t('blockHidesSignals')}</li>
      <li>${t('blockHidesRequests')}</li>
    </ul>
    <p>${t('blockNotTold')}</p>`;
  const title = t('blockTitle', { name });
  return (await ask(opener, 'block-dialog', title, body, buttons(t, t('blockConfirm')))) !== null;
}

/** Asks a moderator how long to mute or ban `name`, and why; null when cancelled. */
export async function askSanction(
  opener: HTMLElement,
  t: Translate,
  action: 'mute' | 'ban',
  name: string,
): Promise<Sanction | null> {
  const body = html`<fieldset part="sanction-length">
      <legend>${t('sanctionLength')}</legend>
      ${LENGTHS.map(
        ([minutes, key], i) =>
          html`<label
            ><input type="radio" name="minutes" value=${minutes ?? ''} ?checked=${i === 0} />${t(
              key,
            )}</label
          >`,
      )}
    </fieldset>
    <label class="reason"
      >${t('sanctionReason')}
      <textarea part="sanction-reason" name="reason" rows="2" maxlength="500"></textarea>
    </label>`;
  const title = t(action === 'mute' ? 'muteTitle' : 'banTitle', { name });
  const confirm = t(action === 'mute' ? 'muteConfirm' : 'banConfirm');
  const data = await ask(opener, 'sanction-dialog', title, body, buttons(t, confirm));
  if (!data) return null;
  const minutes = String(data.get('minutes') ?? '');
  return {
    minutes: minutes ? Number(minutes) : null,
    reason: String(data.get('reason') ?? '').trim(),
  };
}

/**
 * Runs a confirmed action, then puts focus back where it belongs: on the opener if
 * it is still there, else on its message's actions toggle, else on the composer
 * (a block removes the message, a done action closes the menu).
 */
export async function actThenRefocus(opener: HTMLElement, run: () => Promise<void>): Promise<void> {
  const root = opener.getRootNode() as ShadowRoot;
  const item = opener.closest('[part~="message"]');
  await run();
  await Promise.resolve();
  await (root.host as ReactiveElement).updateComplete;
  if (opener.isConnected) return opener.focus();
  const toggle = item?.isConnected
    ? item.querySelector<HTMLElement>('[part~="message-actions-toggle"]')
    : null;
  (toggle ?? root.querySelector<HTMLElement>('[part~="input"]'))?.focus();
}
