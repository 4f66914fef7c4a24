/** A host and TCP port: where a control or data connection is dialled. */
export interface Endpoint {
  host: string;
  port: number;
}
