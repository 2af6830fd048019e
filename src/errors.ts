/**
 * Errors the user can fix. The CLI prints their message on one line and exits with `exitCode`;
 * anything else is a bug and keeps its stack.
 */
export abstract class SpamcheckError extends Error {
  abstract readonly exitCode: number;
}

/** Bad flags or config: the scan could not start. */
export class UsageError extends SpamcheckError {
  readonly exitCode = 2;
  override name = 'UsageError';
}

/** A lockfile that cannot be read. The message names the file, the position and what to do. */
export class LockfileError extends SpamcheckError {
  readonly exitCode = 2;
  override name = 'LockfileError';
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly position?: { line?: number; column?: number; key?: string },
  ) {
    super(formatLockfileMessage(file, detail, position));
  }
}

function formatLockfileMessage(file: string, detail: string, position?: { line?: number; column?: number; key?: string }): string {
  let where = file;
  if (position?.line !== undefined) where += `:${position.line}${position.column !== undefined ? `:${position.column}` : ''}`;
  if (position?.key !== undefined) where += ` (at ${position.key})`;
  return `${where}: ${detail}`;
}
