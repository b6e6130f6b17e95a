/**
 * Types of the live connection test suite. The suite runs unchanged in the
 * browser (the console's "Run tests" button) and in node (`npm run diagnose`).
 */

/** The outcome of one check. */
export interface CheckResult {
  name: string;
  ok: boolean;
  durationMs: number;
  /** Why it failed, in one sentence; absent when it passed. */
  reason?: string;
  /** Measurements worth showing, e.g. `{ p50: 1.2, p99: 3.4 }`. */
  details?: Record<string, string | number | boolean>;
}

/** The JSON a whole run produces (the CLI's `--json` output, the console's download). */
export interface DiagnoseReport {
  url: string;
  room: string;
  startedAt: string;
  durationMs: number;
  ok: boolean;
  passed: number;
  failed: number;
  checks: CheckResult[];
}

/** What the progress callback receives as the suite runs. */
export type DiagnoseProgress =
  | { type: 'start'; name: string; index: number; total: number }
  | { type: 'end'; result: CheckResult; index: number; total: number };

export interface DiagnoseOptions {
  /** Server origin, e.g. `http://localhost:3000` (no trailing path). */
  url: string;
  /** A valid chat token (JWT) used by every client the suite opens. */
  token: string;
  /** Optional token for the second client; defaults to `token`. */
  secondToken?: string;
  /** Clients in the broadcast fan-out check (K). Default 5. */
  clients?: number;
  /** Ping samples for the RTT check (N). Default 20. */
  samples?: number;
  /** The ticker room the suite talks in. Default `$DIAG`. */
  room?: string;
  /** Per-step timeout in ms. Default 5000. */
  timeoutMs?: number;
  /** Only run checks whose name is listed (all when absent). */
  only?: string[];
  onProgress?: (progress: DiagnoseProgress) => void;
}

/** Options after defaults, as every check sees them. */
export type ResolvedOptions = Required<Omit<DiagnoseOptions, 'onProgress' | 'only'>>;
