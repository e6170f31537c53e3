/**
 * Expected failures are values, bugs throw (STYLE.md): a `Result` is either the value or
 * the error, tagged by `ok`.
 */

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
