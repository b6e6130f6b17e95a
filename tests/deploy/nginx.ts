import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
export const SHIPPED_CONF = path.resolve(import.meta.dirname, '../../deploy/nginx/nginx.conf');

export interface NginxPorts {
  http: number;
  https: number;
  /** host:port of each upstream server, in the shipped file's order. */
  upstreams: string[];
}

/** A self-signed certificate for 127.0.0.1 (what certbot's files are in production). */
export function selfSignedCert(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'fullchain.pem');
  const key = path.join(dir, 'privkey.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
      ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      ...['-keyout', key, '-out', cert],
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

/**
 * The shipped nginx.conf with only its `# test:` lines rewritten: listen ports and
 * upstreams to loopback, certificate, pid, log and temp paths into `dir`. Every other
 * line (proxying, upgrade, stickiness, timeouts) is the production text. Throws when a
 * marker is missing or unknown, so the config and this test cannot drift apart silently.
 */
export function renderNginx(dir: string, ports: NginxPorts, cert: { cert: string; key: string }) {
  mkdirSync(path.join(dir, 'acme'), { recursive: true });
  const upstreams = [...ports.upstreams];
  const seen = new Set<string>();
  const lines = readFileSync(SHIPPED_CONF, 'utf8')
    .split('\n')
    .map((line) => {
      const marker = /# test: (\w+)$/.exec(line)?.[1];
      if (!marker) return line;
      seen.add(marker);
      const indent = /^\s*/.exec(line)?.[0] ?? '';
      switch (marker) {
        case 'pid':
          return `pid ${path.join(dir, 'nginx.pid')};`;
        case 'error_log':
          return `error_log ${path.join(dir, 'error.log')} warn;`;
        case 'access_log':
          return `${indent}access_log off;`;
        case 'temp':
          return line.replace(/\/tmp\//, `${dir}/`);
        case 'upstream': {
          const target = upstreams.shift();
          if (!target) throw new Error('the shipped config has more upstreams than the test');
          return line.replace(/server \S+/, `server ${target}`);
        }
        case 'http':
          return `${indent}listen 127.0.0.1:${ports.http};`;
        case 'https':
          return line.replace(/listen \d+/, `listen 127.0.0.1:${ports.https}`);
        case 'acme':
          return `${indent}root ${dir};`;
        case 'cert':
          return `${indent}ssl_certificate ${cert.cert};`;
        case 'key':
          return `${indent}ssl_certificate_key ${cert.key};`;
        default:
          throw new Error(`unknown test marker ${marker} in ${SHIPPED_CONF}`);
      }
    });
  const expected = [
    'pid',
    'error_log',
    'access_log',
    'temp',
    'upstream',
    'http',
    'https',
    'cert',
    'key',
  ];
  const missing = expected.filter((m) => !seen.has(m));
  if (missing.length > 0 || upstreams.length > 0) {
    throw new Error(`${SHIPPED_CONF} lost its test markers (${missing.join(', ')}) or upstreams`);
  }
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** `nginx -t` on a config; returns nginx's output, throws with it on failure. */
export function nginxTest(dir: string, conf: string): string {
  // nginx reports on stderr, success included.
  const run = spawnSync(NGINX, ['-t', '-p', dir, '-c', conf], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`nginx -t failed: ${run.stderr || run.error?.message}`);
  return run.stderr;
}

export interface Nginx {
  stop(): Promise<void>;
}

/** Runs nginx in the foreground on a rendered config until `stop()`. */
export function startNginx(dir: string, conf: string): Nginx {
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-g', 'daemon off;'], {
    stdio: 'ignore',
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      }),
  };
}
