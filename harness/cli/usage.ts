import { COMMAND_NAMES, COMMANDS, GLOBAL_OPTIONS, type CommandName, type OptionSpec } from "./command-options.js";
import { EXIT_CODES_HELP } from "./exit-codes.js";

const COLUMN = 23;

/** One option per entry, its help aligned in a column and continued on indented lines. */
function optionLines(options: Readonly<Record<string, OptionSpec>>): string {
  return Object.entries(options)
    .map(([name, spec]) => {
      const flag = `  ${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.value ? ` ${spec.value}` : ""}`;
      const [first, ...more] = spec.help.split("\n");
      const head = flag.length < COLUMN ? `${flag.padEnd(COLUMN)}${first}` : `${flag}\n${" ".repeat(COLUMN)}${first}`;
      return [head, ...more.map((line) => `${" ".repeat(COLUMN)}${line}`)].join("\n");
    })
    .join("\n");
}

const indent = (text: string, by: number) =>
  text
    .split("\n")
    .map((line) => `${" ".repeat(by)}${line}`)
    .join("\n");

const FOOTER = `${EXIT_CODES_HELP}
Environment: DOCKER_HOST (engine to use), FTP_CONFORMANCE_ENGINE_SETUP=off (never install or start
an engine), FTP_CONFORMANCE_BASE_IMAGE (Debian bookworm base to build on),
FTP_CONFORMANCE_DEBIAN_MIRROR (mirror for the bootstrapped base), FTP_CONFORMANCE_SUBNETS
(the ranges of 'run --subnets'), FTP_CONFORMANCE_KEEP_IMAGES=1 (keep the images another checkout
sharing the engine built).`;

export const USAGE = `Usage: ftp-conformance <command> [options]

Commands:
${COMMAND_NAMES.map((name) => `  ${name.padEnd(11)}${indent(COMMANDS[name].summary, 13).trimStart()}`).join("\n")}

'ftp-conformance <command> --help' prints a command's options.

Other options:
${optionLines(GLOBAL_OPTIONS)}

${FOOTER}`;

/** `ftp-conformance <command> --help`: what the command does and every option it takes. */
export function commandUsage(name: CommandName): string {
  const command = COMMANDS[name];
  const positionals = command.positionals
    ? `\nArguments:\n${`  ${command.positionals.name}`.padEnd(COLUMN)}${command.positionals.help}\n`
    : "";
  return `Usage: ${command.synopsis}

${command.summary}
${positionals}
Options:
${optionLines(command.options)}

${FOOTER}`;
}

/** The help for a command, or the overall help. */
export const usageFor = (name: CommandName | undefined): string => (name ? commandUsage(name) : USAGE);
