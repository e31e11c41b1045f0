// Argument parsing shared by the command-line tools: positional words plus `--name value` options.
export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], flags: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (word.startsWith('--')) {
      const [name, inline] = word.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      // A second value would silently win (a second --key): say so instead.
      if (options.has(name)) throw new UsageError(`--${name} is given twice: give it once`);
      if (flags.includes(name)) options.set(name, true);
      else if (inline !== undefined) options.set(name, inline);
      else if (i + 1 < argv.length) options.set(name, argv[++i] as string);
      else throw new UsageError(`--${name} needs a value`);
    } else {
      positional.push(word);
    }
  }
  return { positional, options };
}
