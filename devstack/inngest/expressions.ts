// Expressions in function configuration (trigger `if`, waitForEvent `if`/`match`, cancellation `if`, concurrency
// and throttle keys) are CEL (SDK_SPEC 1.3.1), evaluated here with a CEL implementation, not a look-alike.
import { parse } from "@marcbachmann/cel-js";

type Compiled = ReturnType<typeof parse>;
const cache = new Map<string, Compiled>();

function compile(expression: string): Compiled {
  let compiled = cache.get(expression);
  if (!compiled) {
    compiled = parse(expression);
    cache.set(expression, compiled);
  }
  return compiled;
}

/** Throws when the expression does not parse as CEL: used to refuse a sync with a broken expression. */
export function checkExpression(expression: string): void {
  compile(expression);
}

/**
 * Whether an expression holds for the given variables (`event`, `async`). An expression that errors on this data
 * (a missing key, a type mismatch) does not match, as on Inngest.
 */
export function expressionMatches(expression: string, vars: Record<string, unknown>): boolean {
  try {
    return compile(expression)(vars) === true;
  } catch {
    return false;
  }
}

/**
 * The value of a key expression (concurrency, throttle, idempotency) as a string; an expression that fails to
 * evaluate puts the run in the group of the empty key rather than failing it.
 */
export function expressionKey(expression: string, vars: Record<string, unknown>): string {
  try {
    const value: unknown = compile(expression)(vars);
    return typeof value === "string"
      ? value
      : JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  } catch {
    return "";
  }
}
