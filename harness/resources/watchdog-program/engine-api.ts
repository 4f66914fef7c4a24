import { request } from "node:http";

const REQUEST_TIMEOUT_MS = 5000;

export interface ApiResponse {
  status: number;
  /** The parsed JSON body, or null when there was none or it was not JSON. */
  body: unknown;
}

/** One engine API request over the engine's unix socket, bounded. */
export function engineApi(socketPath: string, method: string, path: string): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const call = request({ socketPath, method, path, timeout: REQUEST_TIMEOUT_MS }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        let json: unknown = null;
        try {
          json = body ? JSON.parse(body) : null;
        } catch {
          json = null;
        }
        resolve({ status: response.statusCode ?? 0, body: json });
      });
    });
    call.on("timeout", () => call.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    call.on("error", reject);
    call.end();
  });
}
