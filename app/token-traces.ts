// For processes that build constructs often and never show where a token was made: the app and the tests.

/**
 * cdktf (and constructs) capture a full stack trace into a `{ stack: '' }` object for every token they create,
 * for messages an app with `stackTraces: false` never shows; under a loader with source maps each one costs
 * several times more. Skips those captures; errors keep their stack traces.
 */
export function skipTokenStackTraces(): void {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (target: object, ctor?: Function) => {
    if (target instanceof Error || (target as { stack?: unknown }).stack !== '') capture(target, ctor);
  };
}
