import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { nginxTest, renderNginx, selfSignedCert, SHIPPED_CONF } from './nginx.js';

const root = path.resolve(import.meta.dirname, '../..');
const PROD = path.join(root, 'deploy/docker-compose.prod.yml');
const dir = mkdtempSync(path.join(tmpdir(), 'stock-chat-deploy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The variables .env.example names, with a placeholder for every empty one. */
function exampleEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path.join(root, 'deploy/.env.example'), 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2] || `placeholder-${m[1]!.toLowerCase()}-0123456789abcdef0123456789`;
  }
  return env;
}

function compose(file: string, env: Record<string, string>, ...args: string[]) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !(k in exampleEnv()) && k !== 'JWT_SECRET'),
  );
  return spawnSync('docker-compose', ['-f', file, ...args], {
    env: { ...clean, ...env },
    encoding: 'utf8',
  });
}

describe('deploy/ configuration (checked without a Docker engine)', () => {
  it('docker-compose.yml (the quick start) is valid with a JWT_SECRET', () => {
    const run = compose(
      path.join(root, 'docker-compose.yml'),
      { JWT_SECRET: 'x'.repeat(32) },
      'config',
      '-q',
    );
    assert.equal(run.status, 0, run.stderr);
  });

  it('the production compose file is valid with every variable .env.example names', () => {
    const run = compose(PROD, exampleEnv(), 'config');
    assert.equal(run.status, 0, run.stderr);
    const services = /^services:\n([\s\S]*?)^volumes:/m.exec(run.stdout)?.[1] ?? '';
    const names = [...services.matchAll(/^ {2}([\w-]+):$/gm)].map((m) => m[1]);
    assert.deepEqual(names.sort(), ['mongo', 'nginx', 'redis', 'server-1', 'server-2']);
    for (const name of names) {
      const block = services.split(new RegExp(`^  ${name}:$`, 'm'))[1]!.split(/^ {2}\S/m)[0]!;
      assert.match(block, /healthcheck:/, `${name} has a health check`);
      assert.match(block, /restart: unless-stopped/, `${name} restarts`);
      assert.match(block, /max-size: 10m/, `${name} rotates its logs`);
      assert.match(block, /limits:/, `${name} has resource limits`);
      assert.match(block, /image: \S+:\d[\w.-]*/, `${name} pins its image version`);
    }
    assert.doesNotMatch(
      run.stdout,
      /server-\d:\n(?:(?! {2}\S)[\s\S])*?ports:/,
      'replicas are not published',
    );
  });

  for (const missing of ['JWT_SECRET', 'MONGO_PASSWORD', 'REDIS_PASSWORD', 'ALLOWED_ORIGINS']) {
    it(`the production compose file refuses to start without ${missing}`, () => {
      const env = exampleEnv();
      env[missing] = '';
      const run = compose(PROD, env, 'config', '-q');
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, new RegExp(`set ${missing}`));
    });
  }

  it('the shipped nginx.conf passes nginx -t (upstream hosts and certificate paths templated)', () => {
    const cert = selfSignedCert(dir);
    const conf = renderNginx(
      dir,
      { http: 8080, https: 8443, upstreams: ['127.0.0.1:3001', '127.0.0.1:3002'] },
      cert,
    );
    const out = nginxTest(dir, conf);
    assert.match(out, /syntax is ok/);
    assert.match(out, /test is successful/);
    const shipped = readFileSync(SHIPPED_CONF, 'utf8');
    assert.match(shipped, /listen 443 ssl http2;/);
    assert.match(shipped, /return 301 https:\/\/\$host\$request_uri;/);
    assert.match(shipped, /proxy_set_header Upgrade \$http_upgrade;/);
    assert.match(shipped, /hash \$remote_addr consistent;/);
  });

  it("every proxied location of nginx.conf passes the client's address, scheme and host", () => {
    const locations = [
      ...readFileSync(SHIPPED_CONF, 'utf8').matchAll(/location ([^{]+)\{([^}]*)\}/g),
    ].filter(([, , body]) => body!.includes('proxy_pass'));
    assert.ok(locations.length >= 2, 'the /socket.io/ and / locations proxy');
    for (const [, where, body] of locations) {
      // nginx: a location with any proxy_set_header of its own inherits none from above.
      for (const header of [
        'Host $http_host',
        'X-Forwarded-Host $http_host',
        'X-Forwarded-Proto $scheme',
        'X-Forwarded-For $proxy_add_x_forwarded_for',
      ]) {
        assert.ok(
          body!.includes(`proxy_set_header ${header};`),
          `location ${where!.trim()} sets ${header}`,
        );
      }
    }
    const prod = readFileSync(PROD, 'utf8');
    assert.match(prod, /TRUST_PROXY: '1'/, 'the replicas trust exactly one proxy hop: nginx');
  });

  it('nginx.conf compresses proxied text with gzip and says it varies by Accept-Encoding', () => {
    const shipped = readFileSync(SHIPPED_CONF, 'utf8');
    assert.match(shipped, /^\s*gzip on;/m);
    assert.match(shipped, /^\s*gzip_proxied any;/m, 'proxied responses are compressed too');
    assert.match(shipped, /^\s*gzip_vary on;/m);
    assert.match(shipped, /^\s*gzip_types [^;]*application\/javascript[^;]*application\/json/m);
  });
});
