/** Progress lines for long steps, on stderr so reports on stdout stay clean. */
export interface Progress {
  step(message: string): void;
  warn(message: string): void;
}

export function createProgress(options: { quiet: boolean; write?: (line: string) => void }): Progress {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = Date.now();
  const stamp = () => `[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s]`;
  return {
    step: (message) => {
      if (!options.quiet) write(`${stamp()} ${message}`);
    },
    warn: (message) => write(`${stamp()} warning: ${message}`),
  };
}

export const silentProgress: Progress = { step: () => {}, warn: () => {} };
