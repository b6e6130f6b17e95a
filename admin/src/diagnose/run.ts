import { parseRoomId } from '../../../protocol/rooms.js';
import { CheckContext, type CheckDefinition } from './check-context.js';
import { messagingChecks } from './checks-messaging.js';
import { resilienceChecks } from './checks-resilience.js';
import { transportChecks } from './checks-transport.js';
import type { CheckResult, DiagnoseOptions, DiagnoseReport, ResolvedOptions } from './types.js';

/** Every check, in the order it runs. */
export const checks: readonly CheckDefinition[] = [
  ...transportChecks,
  ...messagingChecks,
  ...resilienceChecks,
];

/** The check names, e.g. for a progress list drawn before the run starts. */
export const checkNames: readonly string[] = checks.map((c) => c.name);

function resolve(options: DiagnoseOptions): ResolvedOptions {
  let parsed: URL;
  try {
    parsed = new URL(options.url);
  } catch {
    throw new TypeError(`diagnose: url must be like http://localhost:3000, got "${options.url}"`);
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.pathname.replace(/\/+$/, '') !== '') {
    // Socket.IO reads a path as a namespace, so only a bare origin means the chat server.
    throw new TypeError(`diagnose: url must be a bare http(s) origin, got "${options.url}"`);
  }
  const url = parsed.origin;
  if (!options.token) throw new TypeError('diagnose: a token is required (--token <jwt>)');
  const requested = options.room ?? '$DIAG';
  const ticker = parseRoomId(requested);
  if (ticker?.kind !== 'ticker') {
    throw new TypeError(`diagnose: room must be a ticker room like $DIAG, got "${requested}"`);
  }
  const room = ticker.id;
  return {
    url,
    token: options.token,
    secondToken: options.secondToken ?? options.token,
    clients: Math.max(2, Math.floor(options.clients ?? 5)),
    samples: Math.max(1, Math.floor(options.samples ?? 20)),
    room,
    timeoutMs: options.timeoutMs ?? 5000,
  };
}

async function runOne(check: CheckDefinition, options: ResolvedOptions): Promise<CheckResult> {
  const ctx = new CheckContext(options);
  const started = performance.now();
  try {
    const details = await check.run(ctx);
    const durationMs = Math.round(performance.now() - started);
    return { name: check.name, ok: true, durationMs, ...(details ? { details } : {}) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      name: check.name,
      ok: false,
      durationMs: Math.round(performance.now() - started),
      reason,
    };
  } finally {
    ctx.close();
  }
}

/**
 * Runs the live connection test suite against a server, one check after the
 * other, each with its own clients. Never throws for a failing check (only for
 * unusable options); the report says what passed.
 */
export async function runDiagnostics(options: DiagnoseOptions): Promise<DiagnoseReport> {
  const resolved = resolve(options);
  const selected = options.only ? checks.filter((c) => options.only?.includes(c.name)) : checks;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const results: CheckResult[] = [];
  for (const [index, check] of selected.entries()) {
    const total = selected.length;
    options.onProgress?.({ type: 'start', name: check.name, index, total });
    const result = await runOne(check, resolved);
    results.push(result);
    options.onProgress?.({ type: 'end', result, index, total });
  }
  const passed = results.filter((r) => r.ok).length;
  return {
    url: resolved.url,
    room: resolved.room,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    ok: passed === results.length,
    passed,
    failed: results.length - passed,
    checks: results,
  };
}
