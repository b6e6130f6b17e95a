/* global fetch, location, URLSearchParams */
// Demo host page logic: signs in two demo users through the development token
// endpoint (loopback only) and hands each widget a tokenProvider, which the
// widget calls again on every reconnect.
const users = {
  alice: { sub: 'alice', name: 'Alice', friends: ['bob'] },
  bob: { sub: 'bob', name: 'Bob', friends: ['alice'] },
};

async function devToken(user) {
  const response = await fetch('/api/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (!response.ok) throw new Error(`dev token: HTTP ${response.status}`);
  return (await response.json()).token;
}

function setup(id, user) {
  const el = document.getElementById(id);
  el.server = location.origin;
  el.tokenProvider = () => devToken(user);
  el.addEventListener('stock-chat-error', (event) => {
    document.getElementById('demo-error').textContent = `${id}: ${event.detail.message}`;
  });
}

setup('alice', users.alice);
setup('bob', users.bob);
setup('launcher', users.alice);

const dark = document.getElementById('dark');
const locale = document.getElementById('locale');
function applyTheme() {
  document.documentElement.classList.toggle('dark', dark.checked);
  for (const el of document.querySelectorAll('stock-chat')) {
    el.theme = dark.checked ? 'dark' : 'light';
  }
}
dark.checked = new URLSearchParams(location.search).get('theme') === 'dark';
dark.addEventListener('change', applyTheme);
locale.addEventListener('change', () => {
  for (const el of document.querySelectorAll('stock-chat')) el.locale = locale.value;
});
applyTheme();
