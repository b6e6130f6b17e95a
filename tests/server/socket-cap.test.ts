import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ErrorBody } from '../../protocol/wire.js';
import type { Store } from '../../server/store/types.js';
import { createClient } from 'redis';
import { withCluster } from '../support/fixtures.js';
import { startServer, type ClientSocket, type TestServer } from '../support/server.js';

const CAP = 20;
const ATTEMPTS = 200;
const REFUSAL = /you already have 20 connections open, the most allowed; close one first/;

/** Opens `ATTEMPTS` handshakes of one token at once, spread over `nodes`; sorts the outcomes. */
async function storm(nodes: readonly TestServer[], token: string, onRefused = () => {}) {
  const outcomes = await Promise.allSettled(
    Array.from({ length: ATTEMPTS }, (_, i) =>
      nodes[i % nodes.length]!.client(token).catch((err: unknown) => {
        onRefused();
        throw err;
      }),
    ),
  );
  const connected: ClientSocket[] = [];
  const on = new Map<ClientSocket, TestServer>();
  const refusals: (Error & { data?: ErrorBody })[] = [];
  for (const [i, o] of outcomes.entries()) {
    if (o.status === 'rejected') refusals.push(o.reason as Error & { data?: ErrorBody });
    else {
      connected.push(o.value);
      on.set(o.value, nodes[i % nodes.length]!);
    }
  }
  return { connected, refusals, on };
}

/**
 * A store whose user writes, once `hold(ready)` is called, wait until `ready()` is
 * true (asked on each new waiter and on `check()`): a slow write (a MongoDB round
 * trip, an fsync) during which the other handshakes run. Released after 10 s at the latest.
 */
function slowUserWrites() {
  let ready: (() => boolean) | undefined;
  let waiting = 0;
  let open: () => void = () => {};
  let gate = Promise.resolve();
  const check = () => {
    if (ready?.()) {
      ready = undefined;
      open();
    }
  };
  return {
    wrap: (store: Store): Store =>
      Object.assign(Object.create(store) as Store, {
        upsertUser: async (user: Parameters<Store['upsertUser']>[0]) => {
          if (ready) {
            waiting += 1;
            check();
            await gate;
          }
          return store.upsertUser(user);
        },
      }),
    hold(until: () => boolean) {
      ready = until;
      gate = new Promise((resolve) => (open = resolve));
      setTimeout(() => {
        ready = () => true;
        check();
      }, 10_000).unref();
    },
    check,
    get waiting() {
      return waiting;
    },
  };
}

/** Closes sockets and waits until the server's registry no longer holds them. */
async function closeAll(node: TestServer, sockets: ClientSocket[], userId: string) {
  for (const s of sockets) s.close();
  const deadline = Date.now() + 5000;
  while (node.app.registry.socketsOf(userId) > 0) {
    assert.ok(Date.now() < deadline, `${userId}'s sockets were not released within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('LIMIT_SOCKETS_PER_USER on one node', () => {
  const writes = slowUserWrites();
  let server: TestServer;
  before(async () => {
    server = await startServer({ LIMIT_SOCKETS_PER_USER: String(CAP) }, { wrapStore: writes.wrap });
  });
  after(() => server.close());

  it('lets exactly the cap in of 200 concurrent handshakes and refuses the rest rate_limited', async () => {
    const token = await server.token('stormer');
    // Each user write waits until every handshake is either refused or in its own write.
    let refused = 0;
    writes.hold(() => refused + writes.waiting === ATTEMPTS);
    const { connected, refusals } = await storm([server], token, () => {
      refused += 1;
      writes.check();
    });
    assert.equal(connected.length, CAP, `${connected.length} of ${ATTEMPTS} handshakes got in`);
    assert.equal(refusals.length, ATTEMPTS - CAP);
    for (const err of refusals) {
      assert.equal(err.data?.code, 'rate_limited', err.message);
      assert.match(err.message, REFUSAL);
    }
    assert.equal(server.app.registry.socketsOf('stormer'), CAP);
    await closeAll(server, connected, 'stormer');
    // Every refused and every closed socket gave its slot back.
    const again = await storm([server], token);
    assert.equal(again.connected.length, CAP);
    await closeAll(server, again.connected, 'stormer');
  });
});

describe('LIMIT_SOCKETS_PER_USER across nodes sharing Redis', () => {
  const cluster = withCluster({ LIMIT_SOCKETS_PER_USER: String(CAP) });

  it('never lets the cluster-wide total of one user past the cap, and frees a slot on close', async () => {
    const [one, two] = cluster.nodes as [TestServer, TestServer];
    const held = (node: TestServer) => node.app.registry.socketsOf('roamer');
    const token = await one.token('roamer');
    const { connected, refusals, on } = await storm(cluster.nodes, token);
    assert.equal(
      held(one) + held(two),
      CAP,
      `node-a holds ${held(one)}, node-b ${held(two)} of ${ATTEMPTS}`,
    );
    assert.equal(connected.length, CAP);
    for (const err of refusals) assert.equal(err.data?.code, 'rate_limited', err.message);
    // Node-a's sockets close: node-b may then fill the whole cap (node-a's slots came back).
    const onOne = connected.filter((s) => on.get(s) === one);
    assert.ok(onOne.length > 0, 'the storm reached node-a');
    await closeAll(one, onOne, 'roamer');
    const deadline = Date.now() + 5000;
    while (held(two) < CAP) {
      await two.client(token).catch(async (err: Error & { data?: ErrorBody }) => {
        assert.equal(err.data?.code, 'rate_limited', err.message);
        assert.ok(
          Date.now() < deadline,
          `node-b held ${held(two)} after node-a closed its sockets`,
        );
        await new Promise((resolve) => setTimeout(resolve, 20));
      });
    }
    await assert.rejects(
      two.client(token),
      (err: Error & { data?: ErrorBody }) => err.data?.code === 'rate_limited',
    );
  });

  it('stops counting the sockets of a node that died holding them', async () => {
    const [one] = cluster.nodes as [TestServer];
    const redis = createClient({ url: cluster.redis.url });
    await redis.connect();
    try {
      // What a node killed with 20 sockets of the user leaves behind: its count, and no liveness.
      await redis.hSet('stock-chat:sockets:orphaned', 'killed-node', String(CAP));
      const socket = await one.client(await one.token('orphaned'));
      assert.ok(socket.connected);
      const counts = await redis.hGetAll('stock-chat:sockets:orphaned');
      assert.equal(counts['killed-node'], undefined, 'the dead node’s count was dropped');
      assert.deepEqual(Object.values(counts), ['1'], 'the live node counts its one socket');
    } finally {
      await redis.quit();
    }
  });
});
