/**
 * What the opt-in `notify` attribute does for a host page that does not handle
 * `stock-chat-notification` itself: a `(3) ` unread badge in front of the page
 * title and a short, quiet tone for each message in a room not on screen.
 * Muted rooms never reach it (the controller fires nothing for them).
 */

const BADGE = /^\(\d+\+?\) /;

/** Shows `count` in front of the document title, or removes the badge at 0. */
export function setTitleBadge(count: number): void {
  const bare = document.title.replace(BADGE, '');
  const next = count > 0 ? `(${count > 99 ? '99+' : count}) ${bare}` : bare;
  if (next !== document.title) document.title = next;
}

let audio: AudioContext | null = null;

/** Plays a 120 ms tone; silently nothing where audio is blocked until a user gesture. */
export function beep(): void {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.05;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.12);
  } catch {
    // No audio here: the title badge still shows.
  }
}
