/** Bad command-line input or profile: reported in one line, exit code 2, nothing started. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A profile that cannot be used: one line naming the file and the field, exit code 2. */
export class ProfileError extends UsageError {}

/** The machine cannot run the harness (no engine, no base image): exit code 2. */
export class EnvironmentError extends Error {
  override readonly name = "EnvironmentError";
}

/** A baseline file that cannot be used: one line naming the file and the field, exit code 2. */
export class BaselineError extends UsageError {}
