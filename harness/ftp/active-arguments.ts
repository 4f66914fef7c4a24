/** Arguments of PORT (RFC 959 section 4.1.2) and EPRT (RFC 2428 section 2). Pure. */
export function portArgument(host: string, port: number): string {
  return `${host.replace(/\./g, ",")},${Math.floor(port / 256)},${port % 256}`;
}

export function eprtArgument(host: string, port: number): string {
  return `|1|${host}|${port}|`;
}
