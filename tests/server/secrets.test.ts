import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, type Env } from '../../server/config.js';
import { MIN_SECRET_BITS, secretBits } from '../../server/secret-strength.js';

const STRONG = () => randomBytes(32).toString('hex');

/** Secrets the old rule (32+ characters, 10+ different ones) let through (issue 21). */
const WEAK: Record<string, string> = {
  'digits repeated': '0123456789'.repeat(4),
  'the alphabet': 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  'a word repeated': 'blacksmith'.repeat(4),
  'a password repeated': 'Tr0ub4dor&3'.repeat(3),
};

const production = (env: Env) => loadConfig({ NODE_ENV: 'production', ...env });
const webhook = (secret: string): Env => ({
  JWT_SECRET: STRONG(),
  WEBHOOK_URL: 'https://hooks.example/chat',
  WEBHOOK_SECRET: secret,
});

/** Asserts that loading `env` in production fails for `name`, with the fix and without the secret. */
function refused(env: Env, name: string, secret: string, what: string): void {
  assert.throws(
    () => production(env),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError, `${what}: a ConfigError`);
      assert.match(err.message, new RegExp(`real ${name}`), what);
      assert.match(err.message, /openssl rand -hex 32/, `${what}: says how to make one`);
      assert.ok(!err.message.includes(secret), `${what}: the message does not repeat the secret`);
      return true;
    },
  );
}

describe('production secrets (loadConfig)', () => {
  it('refuses a repeated sequence, the alphabet and a repeated word as JWT_SECRET and WEBHOOK_SECRET', () => {
    for (const [what, secret] of Object.entries(WEAK)) {
      refused({ JWT_SECRET: secret }, 'JWT_SECRET', secret, `JWT_SECRET: ${what}`);
      refused(webhook(secret), 'WEBHOOK_SECRET', secret, `WEBHOOK_SECRET: ${what}`);
    }
  });

  it('accepts secrets made like `openssl rand -hex 32` and `openssl rand -base64 32`', () => {
    for (let i = 0; i < 200; i++) {
      for (const secret of [STRONG(), randomBytes(32).toString('base64')]) {
        const config = production({ ...webhook(secret), JWT_SECRET: secret });
        assert.equal(config.jwt.key, secret);
        assert.equal(config.webhook?.secret, secret);
      }
    }
  });

  it('refuses a UUID, which holds 122 random bits at most', () => {
    const uuid = randomUUID();
    assert.ok(secretBits(uuid) < MIN_SECRET_BITS);
    refused({ JWT_SECRET: uuid }, 'JWT_SECRET', uuid, 'a UUID');
  });

  it('leaves development and test alone', () => {
    const secret = WEAK['digits repeated']!;
    assert.equal(loadConfig({ JWT_SECRET: secret }).jwt.key, secret);
    assert.equal(
      loadConfig({ NODE_ENV: 'test', ...webhook(secret) }).webhook?.secret,
      secret,
      'a WEBHOOK_SECRET of 16+ characters is enough outside production',
    );
  });
});
