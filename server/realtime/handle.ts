import type { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { parse } from '../domain/validation.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Ack, ErrorBody } from '../protocol.js';
import type { Inflight } from './inflight.js';

/** Turns anything thrown into the error body a client may see; unexpected errors are logged here only. */
export function toErrorBody(err: unknown, log: Logger): ErrorBody {
  if (err instanceof AppError) return err.toBody();
  log.error({ err }, 'unexpected error in a handler');
  return { code: 'internal', message: 'internal error' };
}

export interface HandlerContext {
  log: Logger;
  metrics: Metrics;
  onAck?: (event: string, ms: number, ok: boolean) => void;
  /** Follows every handler until its ack is sent (graceful shutdown waits for them). */
  inflight?: Inflight;
}

/**
 * Wraps an acknowledged event: validates the payload with its schema, runs the
 * handler, and always answers with an `Ack`. A listener built with it never
 * throws and never leaves a promise rejected, whatever the client sends.
 */
export function acked<S extends z.ZodType, D>(
  ctx: HandlerContext,
  event: string,
  schema: S,
  run: (payload: z.infer<S>) => Promise<D> | D,
): (...args: unknown[]) => void {
  return (...args: unknown[]) => {
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as (answer: Ack<D>) => void) : undefined;
    const started = performance.now();
    const finish = (answer: Ack<D>) => {
      const ms = performance.now() - started;
      ctx.metrics.acksTotal.inc({ event, outcome: answer.ok ? 'ok' : answer.error.code });
      ctx.metrics.ackLatency.observe({ event }, ms / 1000);
      if (!answer.ok) ctx.metrics.errorsTotal.inc({ code: answer.error.code });
      ctx.onAck?.(event, ms, answer.ok);
      try {
        ack?.(answer);
      } catch (err) {
        ctx.log.warn({ err, event }, 'ack failed');
      }
    };
    const work = Promise.resolve()
      .then(() => run(parse(schema, args[0])))
      .then(
        (data) => finish({ ok: true, data }),
        (err: unknown) => finish({ ok: false, error: toErrorBody(err, ctx.log) }),
      );
    ctx.inflight?.add(work);
  };
}
