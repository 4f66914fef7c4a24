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
  /** When the server's last line came (ms since the start), kept past the entries' cap. */
  private lastServerLineAt: number | undefined;
  private serverLineCount = 0;

  client(line: string): void {
    this.add("C", maskSecrets(line));
  }

  server(lines: string[]): void {
    for (const line of lines) this.add("S", line);
    if (lines.length === 0) return;
    this.lastServerLineAt = this.elapsed();
    this.serverLineCount += lines.length;
  }

  /** What the server said during the check: how many lines, and when the last came (ms since the start). */
  heard(): { lines: number; lastAt: number | undefined } {
    return { lines: this.serverLineCount, lastAt: this.lastServerLineAt };
  }

  note(text: string): void {
    this.add("*", text);
  }

  /** Milliseconds since the check started. */
  elapsed(): number {
    return Date.now() - this.started;
  }

  private add(dir: TranscriptEntry["dir"], text: string): void {
    if (this.entries.length >= MAX_ENTRIES) return;
    const shown = text.length > MAX_ENTRY_CHARS ? `${text.slice(0, MAX_ENTRY_CHARS)}... (${text.length} chars)` : text;
    this.entries.push({ at: this.elapsed(), dir, text: shown });
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
