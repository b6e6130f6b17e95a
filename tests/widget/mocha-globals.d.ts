/**
 * The Mocha globals web-test-runner provides in the browser, declared here so
 * `tsc -p tsconfig.json` checks the widget tests without pulling in @types/mocha.
 */
/** The `this` of a test: only what the tests use. */
interface MochaContext {
  timeout(ms: number): void;
  /** In a hook: the test that just ran, with its failure if it failed. */
  currentTest?: { err?: Error & { actual?: unknown; expected?: unknown } };
}
type MochaFn = (this: MochaContext) => void | Promise<void>;

declare function describe(title: string, fn: () => void): void;
declare function it(title: string, fn: MochaFn): void;
declare function before(fn: MochaFn): void;
declare function after(fn: MochaFn): void;
declare function beforeEach(fn: MochaFn): void;
declare function afterEach(fn: MochaFn): void;
