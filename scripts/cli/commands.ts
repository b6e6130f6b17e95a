import { apikey } from './apikey.js';
import { backup } from './backup.js';
import { diagnose } from './diagnose.js';
import { token } from './token.js';

/** One `stock-chat` sub-command: resolves with the process exit code (0 ok, 1 failed, 2 usage). */
export interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

/**
 * Every `stock-chat` sub-command. To add one (e.g. `apikey`), write
 * `scripts/cli/<name>.ts` exporting a `Command` and add ONE entry here; it must
 * import only production dependencies, because it runs in the image without dev ones
 * (scripts/check-docker.sh runs the commands there).
 */
export const COMMANDS: Record<string, Command> = {
  token,
  diagnose,
  backup,
  apikey,
};
