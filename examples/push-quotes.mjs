#!/usr/bin/env node
// A host platform's backend, in a few lines: push live quotes into the ticker
// rooms and post a price alert as a bot. Plain Node 20 (global fetch), no packages.
//
//   STOCK_CHAT_URL=http://localhost:3000 STOCK_CHAT_KEY=sck_... node examples/push-quotes.mjs
//
// The key needs the `publish` scope: npm run apikey -- create --name alerts --scopes publish
/* global fetch */
const base = process.env.STOCK_CHAT_URL ?? 'http://localhost:3000';
const key = process.env.STOCK_CHAT_KEY;
if (!key) {
  console.error('Set STOCK_CHAT_KEY to an API key with the publish scope');
  process.exit(2);
}

async function call(method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await res.json();
  if (!res.ok)
    throw new Error(
      `${method} ${path}: ${res.status} ${answer.error?.code}: ${answer.error?.message}`,
    );
  return answer;
}

// 1. The newest quotes (up to 1,000 a call); `ts` is epoch milliseconds.
const quotes = [
  { symbol: 'AAPL', price: 201.5, change: 3.1, changePct: 1.56 },
  { symbol: 'MSFT', price: 411.2, change: -2.4, changePct: -0.58 },
  { symbol: 'TSLA', price: 238.9, change: 0, changePct: 0 },
].map((q) => ({ ...q, ts: Date.now() }));
const pushed = await call('POST', '/api/server/quotes', quotes);
console.log(`pushed ${pushed.accepted ?? quotes.length} quotes`);

// 2. An alert from a bot; the clientId makes a retry of this call harmless.
const aapl = quotes[0];
const { message } = await call('POST', '/api/server/messages', {
  room: '$AAPL',
  text: `$AAPL crossed ${aapl.price} (+${aapl.changePct}%)`,
  clientId: `alert-AAPL-${aapl.ts}`,
  sender: { id: 'price-alerts', name: 'Price alerts', kind: 'bot' },
});
console.log(`posted alert #${message.seq} in ${message.room}`);
