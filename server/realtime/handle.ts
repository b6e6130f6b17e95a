import type { z } from 'zod';
import type { AckDataOf, AckEventOf, PayloadOf } from '../../protocol/ack.js';
import { AppError } from '../errors.js';
import { parse } from '../domain/validation.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Ack, AckCallback, ErrorBody } from '../../protocol/wire.js';
import type { PendingWork } from '../pending-work.js';
import type { TurnGate } from './turn-gate.js';

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
  inflight?: PendingWork;
  /** Spreads bursts of acknowledged events over turns of the event loop (a reconnect storm's joins and syncs). */
  gate?: TurnGate;
}

/** A schema whose parsed output is the payload type `P` (so the two cannot drift apart). */
export type PayloadSchema<P> = z.ZodType<P>;

/** The handler of acknowledged event `E` of map `M`: the validated payload in, the ack data out. */
export type AckHandler<M, E extends keyof M> = (
  payload: PayloadOf<M, E>,
) => Promise<AckDataOf<M, E>> | AckDataOf<M, E>;

/**
 * A Socket.IO listener: it accepts anything the wire delivers and answers the
 * last argument when that is a function (an ack-only emit still hears `bad_request`).
 */
export type AckListener = (...args: unknown[]) => void;

/**
 * Makes the `acked` wrapper for one event map (`ClientToServerEvents`, or the
 * console's `AdminClientToServerEvents` with a metrics `prefix` such as `admin:`).
 * `acked(event, schema, run)` validates the payload with `schema` (typed against
 * the event's payload), runs `run` (whose result must be the event's ack data),
 * and always answers with an `Ack`, counting it in the metrics. A listener built
 * with it never throws and never leaves a promise rejected, whatever the client sends.
 */
export function ackedFor<M>(ctx: HandlerContext, prefix = '') {
  return function acked<E extends AckEventOf<M> & string>(
    event: E,
    schema: PayloadSchema<PayloadOf<M, NoInfer<E>>>,
    run: AckHandler<M, NoInfer<E>>,
  ): AckListener {
    const label = `${prefix}${event}`;
    return (...args) => {
      const last = args.at(-1);
      // The wire gives no types; the callback Socket.IO hands over is the event's ack.
      const ack = typeof last === 'function' ? (last as AckCallback<AckDataOf<M, E>>) : undefined;
      const started = performance.now();
      const finish = (answer: Ack<AckDataOf<M, E>>) => {
        const ms = performance.now() - started;
        ctx.metrics.acksTotal.inc({ event: label, outcome: answer.ok ? 'ok' : answer.error.code });
        ctx.metrics.ackLatency.observe({ event: label }, ms / 1000);
        if (!answer.ok) ctx.metrics.errorsTotal.inc({ code: answer.error.code });
        ctx.onAck?.(label, ms, answer.ok);
        try {
          ack?.(answer);
        } catch (err) {
          ctx.log.warn({ err, event: label }, 'ack failed');
        }
      };
      const work = (ctx.gate?.turn() ?? Promise.resolve())
        .then(() => run(parse(schema, args[0])))
        .then(
          (data) => finish({ ok: true, data }),
          (err: unknown) => finish({ ok: false, error: toErrorBody(err, ctx.log) }),
        );
      ctx.inflight?.add(work);
    };
  };
}
