import { COMMANDS } from './cli/commands.js';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return `usage: stock-chat <command> [options]   (stock-chat <command> --help for its options)\n\n${lines.join('\n')}`;
}

/**
 * Dispatches `stock-chat <command> ...` to its sub-command and resolves with the exit
 * code: 0 success, 1 failure, 2 usage error. bin/stock-chat.mjs calls this.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(`stock-chat: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    console.error(`stock-chat ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
