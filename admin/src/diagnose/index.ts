/**
 * The live connection test suite: one module for the console's button and the
 * `npm run diagnose` CLI.
 */
export { runDiagnostics, checkNames } from './run.js';
export type { CheckResult, DiagnoseOptions, DiagnoseProgress, DiagnoseReport } from './types.js';
