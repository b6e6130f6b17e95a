/* global fetch, location, URLSearchParams */
// Configures the single widget on embed.html from the query string:
// ?user=carol&name=Carol&friends=alice,bob&room=$TSLA&mode=inline&locale=en&theme=dark&ttl=60&roles=moderator
// (`ttl`: token lifetime in seconds, to watch the widget refresh an expired token).
// Every widget event is recorded in window.stockChatEvents for inspection.
const params = new URLSearchParams(location.search);
const user = params.get('user') ?? 'guest';
const body = {
  sub: user,
  name: params.get('name') ?? user,
  friends: (params.get('friends') ?? '').split(',').filter(Boolean),
};
if (params.get('ttl')) body.ttlSec = Number(params.get('ttl'));
// ?roles=moderator: a moderator sees Delete on every message and Mute/Ban on senders.
if (params.get('roles')) body.roles = params.get('roles').split(',').filter(Boolean);
const el = document.querySelector('stock-chat');
for (const attribute of ['mode', 'room', 'locale', 'theme']) {
  const value = params.get(attribute);
  if (value) el.setAttribute(attribute, value);
}

window.stockChatEvents = [];
window.stockChatTokenCalls = 0;
for (const name of [
  'stock-chat-ready',
  'stock-chat-message',
  'stock-chat-unread-change',
  'stock-chat-error',
]) {
  document.addEventListener(name, (event) => {
    window.stockChatEvents.push({ name, detail: JSON.parse(JSON.stringify(event.detail)) });
  });
}

el.server = location.origin;
el.tokenProvider = async () => {
  window.stockChatTokenCalls += 1;
  const response = await fetch('/api/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`dev token: HTTP ${response.status}`);
  return (await response.json()).token;
};
