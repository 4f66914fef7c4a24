/** How a socket error reads in a result: the few outcomes a check tells apart. */
export function classifySocketError(error: unknown): "refused" | "unreachable" | "reset" | "error" {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case "ECONNREFUSED":
      return "refused";
    case "ENETUNREACH":
    case "EHOSTUNREACH":
    case "EHOSTDOWN":
      return "unreachable";
    case "ECONNRESET":
      return "reset";
    default:
      return "error";
  }
}
