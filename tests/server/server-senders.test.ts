import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiKeys } from '../../server/domain/api-keys.js';
import type {
  Message,
  MentionEvent,
  MessagesPage,
  SendMessageData,
  UnreadEvent,
} from '../../protocol/wire.js';
import { api, nextEvent, request, type ClientSocket } from '../support/server.js';
import { withServer } from '../support/fixtures.js';
import { clientId, joinedClient } from '../support/chat.js';

// Two reporters mute a sender automatically, so one test can reach the threshold.
const server = withServer({ REPORTS_AUTO_MUTE: '2' });
const run = Math.random().toString(36).slice(2, 7);
let key = '';
/** A publish key, made in the first test that posts (the server starts before it). */
const publishKey = async () =>
  (key ||= (await new ApiKeys(server.store).create(`senders-${run}`, ['publish'])).key);

type ErrorBody = { error?: { code: string; message: string } };
/** A bot whose id is also a signed-in user's: `tag` keeps the tests apart. */
const botNamed = (tag: string) => ({
  id: `${tag}${run}`,
  name: 'Price alerts',
  kind: 'bot' as const,
});

async function post(
  room: string,
  text: string,
  sender: { id: string; name: string; kind: 'bot' | 'system' },
  id = clientId(),
): Promise<{ status: number; body: { message: Message } & ErrorBody }> {
  return api(server.url, 'POST', '/api/server/messages', await publishKey(), {
    room,
    text,
    clientId: id,
    sender,
  });
}

async function posted(room: string, text: string, sender: ReturnType<typeof botNamed>) {
  const res = await post(room, text, sender);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.message;
}

const codeOf = (ack: { ok: boolean; error?: { code: string } }) =>
  ack.ok ? 'ok' : ack.error!.code;

async function historyOf(socket: ClientSocket, room: string): Promise<Message[]> {
  const ack = await request<MessagesPage>(socket, 'history', { room });
  assert.ok(ack.ok, JSON.stringify(ack));
  return ack.data.messages;
}

describe('edit_message and delete_message of a server sender’s message', () => {
  it('refuses the user whose id equals the bot’s with forbidden and changes nothing', async () => {
    const bot = botNamed('ed');
    const room = '$SSEDIT';
    const namesake = await joinedClient(server, bot.id, room);
    const message = await posted(room, 'AAPL crossed 200', bot);
    const edit = await request(namesake, 'edit_message', { room, seq: message.seq, text: 'pwned' });
    assert.equal(codeOf(edit), 'forbidden');
    const remove = await request(namesake, 'delete_message', { room, seq: message.seq });
    assert.equal(codeOf(remove), 'forbidden');
    const [stored] = (await historyOf(namesake, room)).filter((m) => m.seq === message.seq);
    assert.equal(stored?.text, 'AAPL crossed 200');
    assert.equal(stored?.deletedAt, undefined);
  });
});

describe('send_message and POST /api/server/messages with one clientId', () => {
  it('never answers a user with the bot’s message, nor the bot with the user’s', async () => {
    const bot = botNamed('id');
    const room = '$SSIDEM';
    const namesake = await joinedClient(server, bot.id, room);
    const first = await posted(room, 'from the bot', bot);
    const taken = await request<SendMessageData>(namesake, 'send_message', {
      room,
      text: 'from the user',
      clientId: first.clientId,
    });
    assert.equal(codeOf(taken), 'conflict', JSON.stringify(taken));
    const mine = await request<SendMessageData>(namesake, 'send_message', {
      room,
      text: 'user first',
      clientId: `u-${run}`,
    });
    assert.ok(mine.ok, JSON.stringify(mine));
    const botRetry = await post(room, 'bot second', bot, `u-${run}`);
    assert.equal(botRetry.status, 409, JSON.stringify(botRetry.body));
    const texts = (await historyOf(namesake, room)).map((m) => `${m.sender.kind}:${m.text}`);
    assert.deepEqual(texts, ['bot:from the bot', 'user:user first']);
  });

  it('does not count the bot’s texts against its namesake user in the repeat rule', async () => {
    const bot = botNamed('rp');
    const room = '$SSREP';
    const namesake = await joinedClient(server, bot.id, room);
    await posted(room, 'Market opens in 5 minutes', bot);
    await posted(room, 'Market opens in 5 minutes', bot);
    const ack = await request<SendMessageData>(namesake, 'send_message', {
      room,
      text: 'market opens in 5 minutes',
      clientId: clientId(),
    });
    assert.equal(codeOf(ack), 'ok', JSON.stringify(ack));
  });
});

describe('report_message of a server sender’s message', () => {
  async function reportAll(reporters: ClientSocket[], room: string, seq: number) {
    const ids: string[] = [];
    for (const reporter of reporters) {
      const ack = await request<{ reportId: string }>(reporter, 'report_message', {
        room,
        seq,
        reason: 'spam',
      });
      assert.ok(ack.ok, JSON.stringify(ack));
      ids.push(ack.data.reportId);
    }
    return ids;
  }

  it('lets the bot’s namesake user report it: it is not their own message', async () => {
    const bot = botNamed('own');
    const room = '$SSOWN';
    const namesake = await joinedClient(server, bot.id, room);
    const message = await posted(room, 'Hold $SSOWN', bot);
    const [id] = await reportAll([namesake], room, message.seq);
    assert.equal((await server.store.moderation.getReport(id!))?.senderId, `bot:${bot.id}`);
  });

  it('never mutes or bans the namesake user: reported as bot:<id>, resolve with mute or ban refused', async () => {
    const bot = botNamed('rep');
    const room = '$SSRPT';
    const namesake = await joinedClient(server, bot.id, room);
    const message = await posted(room, 'Buy $SSRPT now', bot);
    const reporters = [
      await joinedClient(server, `r1${run}`, room),
      await joinedClient(server, `r2${run}`, room),
    ];
    const [first] = await reportAll(reporters, room, message.seq);
    // Two reporters reach REPORTS_AUTO_MUTE: the namesake user still posts.
    const ack = await request(namesake, 'send_message', {
      room,
      text: 'still here',
      clientId: clientId(),
    });
    assert.equal(codeOf(ack), 'ok', JSON.stringify(ack));
    assert.equal((await server.store.moderation.getReport(first!))?.senderId, `bot:${bot.id}`);
    const modToken = await server.token(`mod${run}`, { roles: ['moderator'] });
    for (const action of ['mute', 'ban']) {
      const res = await api<ErrorBody>(
        server.url,
        'POST',
        `/api/mod/reports/${first}/resolve`,
        modToken,
        { action },
      );
      assert.equal(res.status, 400, `${action}: ${JSON.stringify(res.body)}`);
    }
    const after = await request(namesake, 'send_message', {
      room,
      text: 'and still here',
      clientId: clientId(),
    });
    assert.equal(codeOf(after), 'ok', JSON.stringify(after));
  });
});

describe('a server sender’s namesake user as a reader', () => {
  it('gets the unread count and the mention of the bot’s message in a group, and its read mark stays', async () => {
    const bot = botNamed('rd');
    const friend = `rdf${run}`;
    const token = await server.token(bot.id, { friends: [friend] });
    const group = await api<{ room: { id: string } }>(server.url, 'POST', '/api/rooms', token, {
      name: 'Desk',
      members: [friend],
    });
    assert.equal(group.status, 201);
    const room = group.body.room.id;
    const namesake = await joinedClient(server, bot.id, room);
    const unread = nextEvent<UnreadEvent>(namesake, 'unread', (e) => e.room === room);
    const mention = nextEvent<MentionEvent>(namesake, 'mention', (e) => e.room === room);
    const message = await posted(room, `@${bot.id} your alert fired`, bot);
    assert.equal((await unread).count, 1);
    assert.equal((await mention).message.id, message.id);
    assert.equal(await server.store.readSeq(room, bot.id), 0);
  });

  it('still gets the bot’s messages live and in history after blocking the namesake user', async () => {
    const bot = botNamed('bl');
    const room = '$SSBLK';
    const reader = await joinedClient(server, `bl-reader${run}`, room);
    await joinedClient(server, bot.id, room);
    const block = await request(reader, 'block_user', { userId: bot.id });
    assert.ok(block.ok, JSON.stringify(block));
    const live = nextEvent<Message>(reader, 'new_message', (m) => m.room === room);
    const message = await posted(room, 'Dividend declared', bot);
    assert.equal((await live).id, message.id);
    assert.deepEqual(
      (await historyOf(reader, room)).map((m) => m.id),
      [message.id],
    );
  });
});
