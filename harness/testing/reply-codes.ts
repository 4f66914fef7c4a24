import type { CheckResult } from "../checks/check-result.js";

/**
 * The reply code the server gave each of `commands` in a result's transcript: for each, the first
 * command the check sent that starts with it ("PASV", "EPSV 4"), and the last line of the reply
 * after it (a multi-line reply's code is on its last line); undefined when it was not sent or not
 * answered. Evidence a self-test can assert without reading the result's prose. Pure.
 */
export function replyCodes(
  result: Pick<CheckResult, "transcript"> | undefined,
  commands: readonly string[],
): Record<string, number | undefined> {
  const entries = result?.transcript ?? [];
  const codeAfter = (index: number): number | undefined => {
    for (const entry of entries.slice(index + 1)) {
      if (entry.dir === "C") return undefined;
      const final = entry.dir === "S" ? /^(\d{3})( |$)/.exec(entry.text) : null;
      if (final) return Number(final[1]);
    }
    return undefined;
  };
  return Object.fromEntries(
    commands.map((command) => {
      const sent = entries.findIndex((e) => e.dir === "C" && (e.text === command || e.text.startsWith(`${command} `)));
      return [command, sent < 0 ? undefined : codeAfter(sent)];
    }),
  );
}
