/** The anchor of a check's section in docs/checks.md: its ID, unchanged. */
export function checkAnchor(id: string): string {
  return id;
}

/** Definitions' words as Markdown text: `<d>` is not a tag, `p1*256` not emphasis. */
export function inline(text: string): string {
  return text.replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\*/g, "\\*");
}

/** Table cells hold one line: a pipe would end the cell. */
export function cell(text: string): string {
  return inline(text)
    .replace(/\|/g, "\\|")
    .replace(/\s*\n\s*/g, " ");
}
