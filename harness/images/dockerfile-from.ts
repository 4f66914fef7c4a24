/** A FROM of a Dockerfile: as written, and the image it names once the build arguments are applied. */
export interface FromImage {
  written: string;
  /** Empty when the reference expands to nothing (an ARG never declared or given). */
  image: string;
}

/**
 * The images a Dockerfile's FROM lines pull, in order: ARGs declared before the first FROM take
 * their defaults unless a build argument overrides them (an argument for an undeclared ARG is
 * ignored, as Docker does). `scratch` and earlier stages (`FROM build`) are left out. Pure.
 */
export function fromImages(dockerfile: string, buildArgs: Readonly<Record<string, string>>): FromImage[] {
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const found: FromImage[] = [];
  let seenFrom = false;
  for (const instruction of instructions(dockerfile)) {
    const [keyword = "", ...rest] = words(instruction);
    if (keyword.toUpperCase() === "ARG" && !seenFrom) {
      for (const item of rest) {
        const eq = item.indexOf("=");
        const name = eq < 0 ? item : item.slice(0, eq);
        const fallback = eq < 0 ? undefined : expand(unquote(item.slice(eq + 1)), args);
        const value = buildArgs[name] ?? fallback;
        if (value !== undefined) args.set(name, value);
      }
    } else if (keyword.toUpperCase() === "FROM") {
      seenFrom = true;
      const [reference = "", as, alias] = rest.filter((word) => !word.startsWith("--"));
      const image = expand(unquote(reference), args);
      if (image.toLowerCase() !== "scratch" && !stages.has(image.toLowerCase()))
        found.push({ written: reference, image });
      if (as?.toUpperCase() === "AS" && alias) stages.add(alias.toLowerCase());
    }
  }
  return found;
}

/** Instructions with continuation lines joined and comments dropped; `# escape=` is honoured. */
function instructions(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const directive = /^\s*#\s*escape\s*=\s*(\S)\s*$/i.exec(lines[0] ?? "");
  const escape = directive?.[1] ?? "\\";
  const result: string[] = [];
  let current = "";
  for (const raw of lines) {
    if (/^\s*#/.test(raw)) continue;
    const line = raw.trimEnd();
    if (line === "" && current !== "") continue;
    if (line.endsWith(escape)) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    if (`${current}${line}`.trim() !== "") result.push(`${current}${line}`.trim());
    current = "";
  }
  if (current.trim() !== "") result.push(current.trim());
  return result;
}

/** Splits on blanks outside quotes. */
function words(text: string): string[] {
  return text.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
}

function unquote(text: string): string {
  return text.replace(/"([^"]*)"|'([^']*)'/g, (_, double: string | undefined, single: string | undefined) =>
    String(double ?? single ?? ""),
  );
}

/** `$NAME`, `${NAME}`, `${NAME:-word}` and `${NAME:+word}`, as Dockerfile substitution reads them. */
function expand(text: string, args: ReadonlyMap<string, string>): string {
  return text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (
      _,
      braced: string | undefined,
      operator: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      const value = args.get(braced ?? bare ?? "") ?? "";
      if (operator === "-") return value !== "" ? value : (word ?? "");
      if (operator === "+") return value !== "" ? (word ?? "") : "";
      return value;
    },
  );
}
