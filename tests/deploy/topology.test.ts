import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TokenVerifier } from '../../server/domain/identity.js';
import type { ConnectionsPage } from '../../protocol/admin.js';
import { freePort, startRedis, type RedisServer } from '../support/redis.js';
import { ServerNode, waitFor } from './cluster.js';
import { FleetClient, Sender, type FleetOptions } from './fleet.js';
import { renderNginx, selfSignedCert, startNginx, type Nginx } from './nginx.js';
import {
  connectAs,
  getJson,
  handshake,
  handshakes,
  pollingHandshake,
  type ProbeOptions,
} from './probe.js';

const root = path.resolve(import.meta.dirname, '../..');
const CLIENTS = Number(process.env.TOPOLOGY_CLIENTS ?? 200);
const ROOM = '$TOPO';
const secret = 'topology-test-secret-0123456789abcdef';
const verifier = new TokenVerifier({ key: secret, signingKey: secret, algorithm: 'HS256' });
const sign = (sub: string, roles: string[] = []) => verifier.sign({ sub, name: sub, roles }, 3600);

function fleetState(fleet: FleetClient[], roundsBefore?: number[]): string {
  const connected = fleet.filter((c) => c.socket.connected).length;
  const joined = fleet.filter((c) => c.joined).length;
  const again = roundsBefore ? fleet.filter((c, i) => c.rounds > roundsBefore[i]!).length : joined;
  return `(connected ${connected}, joined ${joined}, rejoined ${again} of ${fleet.length}; last error: ${
    fleet
      .map((c) => c.lastError)
      .filter(Boolean)
      .pop() ?? 'none'
  })`;
}

/**
 * The production shape of deploy/ on loopback: redis-server, two server processes
 * sharing one SQLite file (no MongoDB here), and nginx running the shipped
 * deploy/nginx/nginx.conf with its upstreams templated to the nodes' ports.
 */
describe('topology: nginx -> two nodes -> Redis, from deploy/', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stock-chat-topology-'));
  let redis: RedisServer;
  let nginx: Nginx;
  let nodes: ServerNode[];
  let fleet: FleetClient[] = [];
  let cert: { cert: string; key: string };
  let proxy: string;
  let opts: FleetOptions;

  before(async () => {
    redis = await startRedis();
    const [p1, p2, http, https] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const env = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dir, 'data'),
      REDIS_URL: redis.url,
      JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
      // The sender below writes faster than one person may; the limiter is tested elsewhere.
      RATE_LIMIT_MESSAGES: '0',
      // As deploy/docker-compose.prod.yml: nginx is the one proxy in front.
      TRUST_PROXY: '1',
    };
    nodes = [new ServerNode('node-1', p1!, env), new ServerNode('node-2', p2!, env)];
    for (const node of nodes) await node.start();
    cert = selfSignedCert(dir);
    const conf = renderNginx(
      dir,
      { http: http!, https: https!, upstreams: [`127.0.0.1:${p1}`, `127.0.0.1:${p2}`] },
      cert,
    );
    nginx = startNginx(dir, conf);
    proxy = `https://127.0.0.1:${https}`;
    opts = { url: proxy, ca: readFileSync(cert.cert, 'utf8'), room: ROOM, tokens: [] };
    await waitFor('nginx to proxy /health', async () => {
      const res = spawnSync('curl', ['-sf', '--cacert', cert.cert, `${proxy}/health`]);
      return res.status === 0;
    });
    const redirect = spawnSync(
      'curl',
      ['-s', '-o', '/dev/null', '-w', '%{http_code} %{redirect_url}', `http://127.0.0.1:${http}/x`],
      { encoding: 'utf8' },
    );
    assert.match(
      redirect.stdout,
      /^301 https:\/\/127\.0\.0\.1(:\d+)?\/x$/,
      'HTTP redirects to HTTPS',
    );
  });

  after(async () => {
    fleet.forEach((c) => c.close());
    // Nodes first: nginx's graceful stop waits for every proxied socket, and a test that
    // failed half-way may leave one open (its sender) that only a node's exit ends.
    for (const node of nodes ?? []) await node.stop('SIGKILL');
    await nginx?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes `stock-chat diagnose` through the proxy, on polling and on WebSocket', () => {
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [path.join(root, 'bin/stock-chat.mjs'), ...args], {
        encoding: 'utf8',
        env: {
          ...process.env,
          JWT_SECRET: secret,
          NODE_ENV: 'production',
          NODE_EXTRA_CA_CERTS: cert.cert,
        },
        timeout: 120_000,
      });
    const token = cli(['token', '--sub', 'topology-diag']);
    assert.equal(token.status, 0, token.stderr);
    const run = cli([
      'diagnose',
      '--url',
      proxy,
      '--token',
      token.stdout.trim(),
      '--json',
      '--clients',
      '3',
      '--samples',
      '5',
    ]);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      checks: { name: string; ok: boolean; reason?: string }[];
    };
    const failed = report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.reason}`);
    assert.deepEqual(failed, [], 'every diagnose check passes through nginx');
    assert.equal(run.status, 0);
    const names = report.checks.map((c) => c.name).join(' | ');
    assert.match(names, /polling/);
    assert.match(names, /websocket/);
  });

  it(`brings ${CLIENTS} clients back on the other node within 10 s of a kill -9, missing nothing`, async (t) => {
    fleet = Array.from(
      { length: CLIENTS },
      (_, i) =>
        new FleetClient(opts, sign(`fleet-${i}`), i % 2 ? ['websocket'] : ['polling', 'websocket']),
    );
    await waitFor(`${CLIENTS} clients joined`, () => fleet.every((c) => c.joined), 60_000);
    const sender = new Sender(opts, sign('topology-sender'));
    sender.start();
    await waitFor('a few messages', () => sender.acked.length >= 5);

    // nginx sticks clients to a node by address, so one node holds them all: kill that one.
    const counts = await Promise.all(nodes.map((n) => n.connections()));
    const victim = nodes[counts[0]! >= counts[1]! ? 0 : 1]!;
    const roundsBefore = fleet.map((c) => c.rounds);
    const killedAt = Date.now();
    await victim.stop('SIGKILL');
    await waitFor(
      'every client to rejoin through the proxy',
      () => fleet.every((c, i) => c.joined && c.rounds > roundsBefore[i]!),
      30_000,
      () => fleetState(fleet, roundsBefore),
    );
    const backMs = Date.now() - killedAt;
    assert.ok(
      fleet.every((c) => c.connectedAt > killedAt),
      'every client reconnected after the kill',
    );
    await waitFor('a few more messages', () => sender.acked.length >= 10);
    await sender.stop();
    sender.close();
    await Promise.all(fleet.map((c) => c.sync()));

    const survivor = nodes.find((n) => n !== victim)!;
    assert.ok((await survivor.connections()) >= CLIENTS, 'the survivor holds every client');
    const last = Math.max(...sender.acked);
    const missing = fleet.filter((c) => c.lastSeq < last).length;
    assert.equal(missing, 0, `${missing} clients miss messages up to seq ${last}`);
    // "Back" is the reconnect through the proxy onto the survivor (the 10 s target); the
    // join + sync that follows is reported, and its completeness is asserted above.
    const connectedMs = Math.max(...fleet.map((c) => c.connectedAt)) - killedAt;
    const attempts = Math.max(...fleet.map((c) => c.attempts));
    t.diagnostic(
      `kill -9 ${victim.id}: ${CLIENTS} clients reconnected within ${connectedMs} ms, ` +
        `rejoined and synced within ${backMs} ms (most reconnect attempts by one client: ${attempts})`,
    );
    assert.ok(connectedMs < 10_000, `the last client reconnected after ${connectedMs} ms`);
    await victim.start();
  });

  it('loses nothing across a rolling restart of both nodes, one at a time', async () => {
    const sender = new Sender(opts, sign('rolling-sender'));
    sender.start();
    for (const node of nodes) {
      const sent = sender.acked.length;
      await waitFor('traffic before the restart', () => sender.acked.length >= sent + 3);
      await node.stop('SIGTERM');
      await node.start();
      await waitFor(
        'every client to be back',
        () => fleet.every((c) => c.joined),
        30_000,
        () => fleetState(fleet),
      );
    }
    const before = sender.acked.length;
    await waitFor('messages after both restarts', () => sender.acked.length >= before + 5);
    await sender.stop();
    sender.close();
    await Promise.all(fleet.map((c) => c.sync()));
    const last = Math.max(...sender.acked);
    assert.deepEqual(
      [...new Set(sender.acked)].length,
      sender.acked.length,
      'every send got its own seq',
    );
    const missing = fleet.filter((c) => c.lastSeq < last).length;
    assert.equal(missing, 0, `${missing} clients miss messages up to seq ${last}`);
  });

  // Last, so the limits they trip and the sockets they open cannot touch the failover tests
  // above. Each simulated client leaves from its own loopback address; nginx listens on 127.0.0.1.
  const from = (localAddress: string, headers?: Record<string, string>): ProbeOptions => ({
    ...opts,
    localAddress,
    headers,
  });
  const FAILURES_PER_MINUTE = 60; // LIMIT_HANDSHAKE_FAILURES_PER_MINUTE's default

  it('refuses an address after its failed sign-ins without locking out users at other addresses', async (t) => {
    // nginx keeps each address on one node: find who shares the attacker's node (there the
    // attack used to lock everyone out), as the console sees it.
    const users = Array.from({ length: 24 }, (_, i) => `127.0.0.${10 + i}`);
    const attacker = from('127.0.0.2');
    const sockets = await Promise.all(
      [attacker, ...users.map((a) => from(a))].map((o) =>
        connectAs(o, sign(`user-${o.localAddress}`)),
      ),
    );
    const { items } = await getJson<ConnectionsPage>(
      opts,
      '/api/admin/connections?pageSize=100&q=user-',
      sign('topology-admin', ['admin']),
    );
    sockets.forEach((s) => s.close());
    const seen = new Map(items.map((c) => [c.user.id.replace('user-', ''), c]));
    const attackerNode = seen.get('127.0.0.2')?.node;
    const neighbours = users.filter((a) => seen.get(a)?.node === attackerNode);
    assert.ok(neighbours.length > 0, "some users share the attacker's node");

    const attack = await handshakes(FAILURES_PER_MINUTE + 1, () =>
      handshake(attacker, 'forged.token.here'),
    );
    assert.deepEqual(attack, { unauthorized: FAILURES_PER_MINUTE, rate_limited: 1 });
    assert.equal(await handshake(attacker, sign('user-127.0.0.2')), 'rate_limited');
    const answers = await Promise.all(users.map((a) => handshake(from(a), sign(`user-${a}`))));
    const lockedOut = users.filter((_, i) => answers[i] !== 'connected');
    t.diagnostic(
      `${FAILURES_PER_MINUTE + 1} bad handshakes from 127.0.0.2: ${lockedOut.length} of ${users.length} users ` +
        `at other addresses locked out (${neighbours.length} share its node)`,
    );
    assert.deepEqual(lockedOut, []);
    assert.deepEqual(
      [...seen].map(([address, c]) => c.address === address || `${address} shown as ${c.address}`),
      [...seen].map(() => true),
      "the console shows each socket's client address, not nginx's",
    );
  });

  it('limits a client that rotates a spoofed X-Forwarded-For', async (t) => {
    const attempts = 300;
    const answers = await handshakes(attempts, (i) =>
      handshake(
        from('127.0.0.3', { 'x-forwarded-for': `198.51.100.${i % 250}, 203.0.113.${i % 200}` }),
        'forged.token.here',
      ),
    );
    t.diagnostic(
      `${attempts} bad handshakes with a rotating X-Forwarded-For: ${answers.rate_limited ?? 0} limited`,
    );
    assert.deepEqual(answers, {
      unauthorized: FAILURES_PER_MINUTE,
      rate_limited: attempts - FAILURES_PER_MINUTE,
    });
  });

  it("counts an address's refused sign-ins on both nodes together", async () => {
    // As when nginx marks a node failed and moves the address: alternate nodes directly,
    // with the forwarded address nginx would send (each node trusts one proxy hop).
    const client = { 'x-forwarded-for': '192.0.2.77' };
    const answers = await handshakes(FAILURES_PER_MINUTE + 1, (i) =>
      handshake({ ...opts, url: nodes[i % 2]!.url, headers: client }, 'forged.token.here'),
    );
    assert.deepEqual(answers, { unauthorized: FAILURES_PER_MINUTE, rate_limited: 1 });
  });

  it("accepts the proxy's own origin without ALLOWED_ORIGINS, and still refuses a foreign one", async () => {
    const own = { origin: proxy };
    assert.equal(await handshake(from('127.0.0.4', own), sign('console')), 'connected');
    assert.equal(await pollingHandshake(from('127.0.0.4', own)), 200);
    const foreign = from('127.0.0.4', { origin: 'https://evil.example' });
    assert.notEqual(await handshake(foreign, sign('console')), 'connected');
    assert.equal(await pollingHandshake(foreign), 403);
  });
});
