/**
 * Probes `GET /health` from a process of its own, so that the latencies measure the
 * server and not the event loop of whoever generates the load (a flood sent from the
 * same process delays its own fetches). One request at a time, `intervalMs` apart.
 *
 * As a library: `const probe = startHealthProbe(url)`; `await probe.take()` returns
 * and clears the latencies (ms) so far; `await probe.stop()` ends the process.
 * As the child: `node --import tsx tests/support/health-probe.ts <url> [intervalMs]`.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface HealthSample {
  /** Latency of every probe, ms (a failed one counts with its elapsed time). */
  times: number[];
  /** Probes that failed: refused, non-2xx or over 5 s. */
  failed: number;
}

export interface HealthProbe {
  /** The probing process, e.g. to give it the same scheduling priority as the server it measures. */
  pid: number | undefined;
  /** Resolves once the probe has had its first answer. */
  ready: Promise<void>;
  take(): Promise<HealthSample>;
  stop(): Promise<void>;
}

const self = fileURLToPath(import.meta.url);

export function startHealthProbe(url: string, intervalMs = 10): HealthProbe {
  const child = fork(self, [url, String(intervalMs)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const gone = () => reject(new Error('health probe exited before its first answer'));
    child.once('exit', gone);
    child.once('message', () => {
      child.off('exit', gone);
      resolve();
    });
  });
  return {
    pid: child.pid,
    ready,
    take: () =>
      new Promise<HealthSample>((resolve, reject) => {
        const gone = () => reject(new Error('health probe exited'));
        child.once('exit', gone);
        child.once('message', (m) => {
          child.off('exit', gone);
          resolve(m as HealthSample);
        });
        child.send('take');
      }),
    stop: async () => {
      if (child.connected) child.disconnect();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function runProbe(url: string, intervalMs: number): Promise<void> {
  let sample: HealthSample = { times: [], failed: 0 };
  let running = true;
  process.on('message', () => {
    process.send?.(sample);
    sample = { times: [], failed: 0 };
  });
  process.on('disconnect', () => (running = false));
  let first = true;
  while (running) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (!res.ok) sample.failed++;
    } catch {
      sample.failed++;
    }
    sample.times.push(performance.now() - t0);
    if (first) {
      // Ready: the start-up of this process is not part of any sample.
      first = false;
      sample = { times: [], failed: 0 };
      process.send?.('ready');
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

if (process.argv[1] === self) {
  void runProbe(process.argv[2] ?? '', Number(process.argv[3] ?? 10));
}
