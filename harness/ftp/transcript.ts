/** What a check said and heard, in order: the evidence a report shows. */
export interface TranscriptEntry {
  /** Milliseconds since the check started. */
  at: number;
  /** C: client to server; S: server to client; *: a harness note (connections, data). */
  dir: "C" | "S" | "*";
  text: string;
}

const MAX_ENTRY_CHARS = 500;
const MAX_ENTRIES = 400;

export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  private readonly started = Date.now();

  client(line: string): void {
    this.add("C", maskSecrets(line));
  }

  server(lines: string[]): void {
    for (const line of lines) this.add("S", line);
  }

  note(text: string): void {
    this.add("*", text);
  }

  private add(dir: TranscriptEntry["dir"], text: string): void {
    if (this.entries.length >= MAX_ENTRIES) return;
    const shown = text.length > MAX_ENTRY_CHARS ? `${text.slice(0, MAX_ENTRY_CHARS)}... (${text.length} chars)` : text;
    this.entries.push({ at: Date.now() - this.started, dir, text: shown });
    if (this.entries.length === MAX_ENTRIES)
      this.entries.push({ at: Date.now() - this.started, dir: "*", text: "(transcript cut)" });
  }
}

/** Passwords never reach a report: PASS and ACCT arguments are masked. */
export function maskSecrets(line: string): string {
  return line.replace(/^(PASS|ACCT)(\s+).*$/i, "$1$2****");
}

export function formatTranscript(entries: readonly TranscriptEntry[]): string {
  return entries.map((e) => `${String(e.at).padStart(6)}ms ${e.dir} ${e.text}`).join("\n");
}
