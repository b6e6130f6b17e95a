import type { ConnectionsResult } from './connections.js';
import type { FanoutResult, SaturationResult } from './fanout.js';
import type { TwoNodesResult } from './cluster.js';
import type { BigRoomResult } from './store.js';
import type { StormResult, StormRuns } from './storm.js';
import type { AbuseResult } from './abuse.js';
import type { QuotesResults } from './quotes.js';

/** Everything one `npm run bench` measured, per server where both ran. */
export interface BenchResults {
  fanout?: { reference?: FanoutResult; stockChat?: FanoutResult; persisted?: PersistedResult };
  saturation?: { reference?: SaturationResult; stockChat?: SaturationResult };
  connections?: { reference?: ConnectionsResult; stockChat?: ConnectionsResult };
  store?: BigRoomResult;
  hotRoom?: { reference?: FanoutResult; stockChat?: FanoutResult };
  twoNodes?: TwoNodesResult;
  /** Each server's median run (by "all back"); `runs` holds every run, in order. */
  storm?: {
    reference?: StormResult;
    stockChat?: StormResult;
    runs: StormRuns;
  };
  abuse?: { reference?: AbuseResult; stockChat?: AbuseResult };
  quotes?: QuotesResults;
}

/** Messages the stock-chat server acked during the fan-out run, and what the SQLite file holds after it. */
export interface PersistedResult {
  acked: number;
  rows: number;
  lastSeqSum: number;
  /** Acked (durably stored) messages per second during the measured step. */
  perSec: number;
}

/** One checked target: what it asks, what was measured, and whether it held. */
export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  pass: boolean;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Checks every target of issue 5 that the results cover. */
export function checkTargets(r: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const fo = r.fanout;
  if (fo?.stockChat) {
    const s = fo.stockChat.median;
    const runs = fo.stockChat.runs;
    const received = runs.reduce((n, r) => n + r.received, 0);
    const expected = runs.reduce((n, r) => n + r.expected, 0);
    const acked = runs.reduce((n, r) => n + r.acked, 0);
    const sent = runs.reduce((n, r) => n + r.sent, 0);
    checks.push({
      name: 'fan-out delivery (every run)',
      target: '100% delivered, every send acked',
      measured: `${((received / Math.max(expected, 1)) * 100).toFixed(3)}% (${received}/${expected}), ${acked}/${sent} acked`,
      pass: received === expected && acked === sent && expected > 0,
    });
    checks.push({
      name: 'fan-out p99 (median run)',
      target: '< 100 ms',
      measured: ms(s.latency.p99),
      pass: s.latency.p99 < 100,
    });
    if (fo.reference) {
      const ref = fo.reference.median;
      const ratio = s.latency.p99 / Math.max(ref.latency.p99, 0.1);
      checks.push({
        name: 'fan-out p99 vs reference (medians)',
        target: '<= 1.5x',
        measured: `${ratio.toFixed(2)}x (${ms(s.latency.p99)} vs ${ms(ref.latency.p99)})`,
        pass: ratio <= 1.5,
      });
    }
  }
  if (fo?.persisted) {
    const p = fo.persisted;
    checks.push({
      name: 'store: no loss under fan-out',
      target: 'rows stored = messages acked',
      measured: `${p.rows} rows, ${p.acked} acked, lastSeq sum ${p.lastSeqSum}`,
      pass: p.rows === p.acked && p.lastSeqSum === p.rows,
    });
  }
  const sat = r.saturation;
  if (sat?.stockChat && sat.reference) {
    const ratio = sat.stockChat.maxHeldRate / Math.max(sat.reference.maxHeldRate, 1);
    const each = (s: SaturationResult) => s.ladders.map((l) => l.maxHeldRate).join('/');
    checks.push({
      name: `saturation (medians of ${sat.stockChat.ladders.length} climbs)`,
      target: '>= 80% of reference',
      measured:
        `${(ratio * 100).toFixed(1)}% (${sat.stockChat.maxHeldRate} vs ${sat.reference.maxHeldRate} msg/s; ` +
        `climbs ${each(sat.stockChat)} vs ${each(sat.reference)})`,
      pass: ratio >= 0.8,
    });
  }
  const c = r.connections?.stockChat;
  if (c) {
    checks.push({
      name: 'connections',
      target: `${c.target} open, no failure, all alive after ${c.holdMs / 1000} s`,
      measured: `${c.connected} open, ${c.failed} failed, ${c.aliveAfterHold} alive, ${c.disconnects} dropped`,
      pass:
        c.connected === c.target &&
        c.failed === 0 &&
        c.aliveAfterHold === c.target &&
        c.disconnects === 0,
    });
    checks.push({
      name: 'server RSS per connection',
      target: '< 30 KB',
      measured: `${c.rssPerConnectionKb.toFixed(1)} KB`,
      pass: c.rssPerConnectionKb < 30,
    });
  }
  if (r.store) {
    for (const q of r.store.queries) {
      checks.push({
        name: `${q.label} (${q.via}, ${r.store.messages.toLocaleString('en-US')} msgs)`,
        // p90, not max: a lone stall from another process on this shared box is not the query.
        target: 'p90 < 20 ms',
        measured: `p50 ${ms(q.timing.p50)}, p90 ${ms(q.timing.p90)}, p99 ${ms(q.timing.p99)}, ${q.returned} returned`,
        pass: q.timing.p90 < 20 && q.errors.length === 0 && q.returned > 0,
      });
    }
  }
  checks.push(...scaleTargets(r), ...quoteTargets(r));
  const ab = r.abuse?.stockChat;
  if (ab) {
    const ref = r.abuse?.reference;
    for (const name of ['join', 'typing'] as const) {
      const p = ab[name];
      const vs = ref ? ` vs reference ${ms(ref[name].health.p99)}` : '';
      checks.push({
        name: `/health p99 during the ${name} flood (issue 8)`,
        target: '< 50 ms',
        measured: `${ms(p.health.p99)} (${p.health.count} probes, ${p.healthFailed} failed; idle ${ms(ab.idle.health.p99)}${vs})`,
        pass: p.health.p99 < 50 && p.health.count > 0 && p.healthFailed === 0,
      });
    }
    checks.push({
      name: 'abuse floods refused (issue 8)',
      target: 'join flood capped, every join answered',
      measured: `${ab.join.flood?.ok} ok, ${ab.join.flood?.rateLimited} rate_limited, ${ab.join.flood?.other} other`,
      pass: (ab.join.flood?.ok ?? 999) <= 120 && ab.join.flood?.other === 0,
    });
  }
  return checks;
}

function delivered(res: FanoutResult) {
  const sum = (f: (s: FanoutResult['runs'][number]) => number) =>
    res.runs.reduce((n, s) => n + f(s), 0);
  const received = sum((s) => s.received);
  const expected = sum((s) => s.expected);
  const acked = sum((s) => s.acked);
  const sent = sum((s) => s.sent);
  return {
    measured: `${((received / Math.max(expected, 1)) * 100).toFixed(3)}% (${received}/${expected}), ${acked}/${sent} acked`,
    pass: received === expected && acked === sent && expected > 0,
  };
}

/** Issue 13's scale targets: hot room, two nodes through Redis, reconnect storm. */
function scaleTargets(r: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const p99Ratio = (name: string, a: FanoutResult, b: FanoutResult, of: string) => {
    const ratio = a.median.latency.p99 / Math.max(b.median.latency.p99, 0.1);
    checks.push({
      name,
      target: `<= 1.5x ${of}`,
      measured: `${ratio.toFixed(2)}x (${ms(a.median.latency.p99)} vs ${ms(b.median.latency.p99)})`,
      pass: ratio <= 1.5,
    });
  };
  const hot = r.hotRoom;
  if (hot?.stockChat) {
    checks.push({
      name: 'hot room delivery (every run)',
      target: '100% delivered, every send acked',
      ...delivered(hot.stockChat),
    });
    if (hot.reference)
      p99Ratio(
        'hot room p99 vs reference (medians)',
        hot.stockChat,
        hot.reference,
        'the reference',
      );
  }
  const two = r.twoNodes;
  if (two) {
    checks.push({
      name: 'two nodes delivery (every run)',
      target: '100% delivered, every send acked',
      ...delivered(two.twoNodes),
    });
    p99Ratio('two nodes p99 vs one node (medians)', two.twoNodes, two.oneNode, 'one node');
  }
  const storm = r.storm;
  const st = storm?.stockChat;
  if (storm && st) {
    const ref = storm.reference;
    const runs = storm.runs.stockChat;
    const whole = runs.filter(
      (s) => s.connected === s.clients && s.resynced === s.clients && s.failures === 0,
    );
    checks.push({
      name: 'reconnect storm: all back, rejoined and re-synced (every run)',
      target: `${st.clients} of ${st.clients}, 0 failures`,
      measured: `${whole.length} of ${runs.length} runs; worst ${Math.min(...runs.map((s) => s.resynced))} of ${st.clients} re-synced, ${Math.max(...runs.map((s) => s.failures))} failures`,
      pass: whole.length === runs.length,
    });
    if (ref) {
      const ratio = st.allBackMs / Math.max(ref.allBackMs, 1);
      checks.push({
        name: 'reconnect storm time vs reference (medians)',
        target: '<= 1.5x',
        measured: `${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'}x (${(st.allBackMs / 1000).toFixed(1)} s vs ${(ref.allBackMs / 1000).toFixed(1)} s from the restarted server listening to the last sync)`,
        pass: Number.isFinite(ratio) && ratio <= 1.5,
      });
    }
    checks.push({
      name: '/health p99 during the storm (median run)',
      target: '< 200 ms',
      measured: `${ms(st.health.p99)} (max ${ms(st.health.max)}, ${st.health.count} probes, ${st.healthErrors} failed; worst run ${ms(Math.max(...runs.map((s) => s.health.p99)))})`,
      pass: st.health.p99 < 200 && st.health.count > 0 && st.healthErrors === 0,
    });
  }
  return checks;
}

/** Issue 12's live quotes: the latest quote within a second, and the fan-out still on target. */
function quoteTargets(r: BenchResults): TargetCheck[] {
  const q = r.quotes?.stockChat;
  if (!q) return [];
  const checks: TargetCheck[] = [];
  const worst = q.runs.reduce((a, b) => (b.p99Ms > a.p99Ms ? b : a));
  const missing = q.runs.reduce((n, run) => n + run.missing, 0);
  const pairs = q.runs.reduce((n, run) => n + run.pairs, 0);
  checks.push({
    name: "quotes: each room's latest quote on every subscribed socket (p99, worst run)",
    target: '< 1000 ms',
    measured: `${Number.isFinite(worst.p99Ms) ? ms(worst.p99Ms) : 'over 1% missing'} (max ${ms(worst.latency.max)}; ${missing} of ${pairs} socket-rounds missing)`,
    pass: q.runs.every((run) => run.p99Ms < 1000),
  });
  const calls = q.runs.reduce((n, run) => n + run.push.calls, 0);
  const failed = q.runs.reduce((n, run) => n + run.push.failed, 0);
  const rate = Math.min(...q.runs.map((run) => run.push.symbolsPerSec));
  checks.push({
    name: 'quotes: pushes accepted, once a second',
    target: 'every call 200',
    measured: `${calls - failed}/${calls} calls, at least ${Math.round(rate)} symbols/s`,
    pass: failed === 0 && calls > 0,
  });
  const fanout: FanoutResult = { runs: q.runs.map((run) => run.fanout), median: q.median.fanout };
  checks.push({
    name: 'quotes: fan-out delivery during the pushes (every run)',
    target: '100% delivered, every send acked',
    ...delivered(fanout),
  });
  checks.push({
    name: 'quotes: fan-out p99 during the pushes (median run)',
    target: '< 100 ms',
    measured: ms(fanout.median.latency.p99),
    pass: fanout.median.latency.p99 < 100,
  });
  const ref = r.quotes?.reference;
  if (ref) {
    const a = fanout.median.latency.p99;
    const b = ref.median.fanout.latency.p99;
    const ratio = a / Math.max(b, 0.1);
    checks.push({
      name: 'quotes: fan-out p99 vs reference (medians)',
      target: '<= 1.5x',
      measured: `${ratio.toFixed(2)}x (${ms(a)} vs ${ms(b)})`,
      pass: ratio <= 1.5,
    });
  }
  return checks;
}
