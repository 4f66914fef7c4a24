import { spawn } from "node:child_process";
import { withDeadline } from "./deadline.js";

export interface CommandResult {
  code: number | null;
  output: string;
}

/** Runs a local command with a bounded wait, capturing the tail of its output for error messages. */
export async function runCommand(command: string, args: string[], timeoutMs: number): Promise<CommandResult> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-20000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const finished = new Promise<CommandResult>((resolve) => {
    child.on("error", (error) => resolve({ code: null, output: String(error) }));
    child.on("close", (code) => resolve({ code, output }));
  });
  try {
    return await withDeadline(finished, timeoutMs, `${command} ${args.join(" ")}`);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

export async function commandExists(command: string): Promise<boolean> {
  const result = await runCommand("sh", ["-c", `command -v ${command}`], 5000);
  return result.code === 0;
}
