import { describeCause } from '../describe-cause.js';
import { isHandoffError } from '../errors.js';

/**
 * Where errors from background work go: the deployment's `onError` when it has one, else the
 * newest provided logger (a gateway provides its own), else `console.warn`. Never dropped.
 */
export class ErrorReports {
  readonly #onError: ((error: unknown, where: string) => void) | undefined;
  readonly #loggers: Array<Pick<Console, 'warn'>> = [];

  constructor(onError: ((error: unknown, where: string) => void) | undefined) {
    this.#onError = onError;
  }

  report(error: unknown, where: string): void {
    if (this.#onError) {
      this.#onError(error, where);
      return;
    }
    const logger = this.#loggers.at(-1) ?? console;
    logger.warn(
      { where, code: isHandoffError(error) ? error.code : undefined, cause: describeCause(error) },
      `[handoff] ${where} failed`,
    );
  }

  /** Returns the undo. */
  provide(logger: Pick<Console, 'warn'>): () => void {
    this.#loggers.push(logger);
    return () => {
      const at = this.#loggers.lastIndexOf(logger);
      if (at >= 0) this.#loggers.splice(at, 1);
    };
  }
}
