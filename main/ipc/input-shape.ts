/**
 * The first look at an untrusted call input, before any schema sees it: plain data only (what JSON can carry),
 * at most so large and so deep, and no `__proto__` keys. Electron's IPC delivers structured clones, which can
 * hold cycles, shared references, Maps, typed arrays and sparse arrays a billion long; the walk gives up as soon
 * as its byte budget or depth runs out, so its cost is bounded by the limits, not by the input.
 */

/** Why an input was refused before validation. */
export type InputShapeReason = 'too_large' | 'too_deep' | 'forbidden_key' | 'not_plain_data';

/** An input refused before validation, with where the walk stopped. */
export interface InputShapeProblem {
  reason: InputShapeReason;
  /** Where in the input (keys and indexes, the first few levels). */
  path: string[];
  /** For `not_plain_data`: what was found, in words. */
  found?: string;
}

/** The limits of one input. */
export interface InputShapeLimits {
  /** The input's size as JSON, counted in UTF-8 bytes (escapes aside). */
  maxBytes: number;
  /** Objects and arrays inside one another. */
  maxDepth: number;
}

class Refusal {
  readonly problem: InputShapeProblem;
  constructor(problem: InputShapeProblem) {
    this.problem = problem;
  }
}

const shownPath = (path: readonly string[]) => path.slice(0, 12).map((part) => part.slice(0, 100));

/** Checks that `input` is plain JSON-like data within `limits`; null when it is. */
export function inspectInputShape(input: unknown, limits: InputShapeLimits): InputShapeProblem | null {
  let budget = limits.maxBytes;
  const path: string[] = [];
  const refuse = (reason: InputShapeReason, found?: string): never => {
    throw new Refusal({ reason, path: shownPath(path), ...(found ? { found } : {}) });
  };
  const spend = (bytes: number) => {
    budget -= bytes;
    if (budget < 0) refuse('too_large');
  };

  const visit = (value: unknown, depth: number): void => {
    switch (typeof value) {
      case 'string':
        // UTF-8 never takes fewer bytes than UTF-16 code units, so a string longer than the budget is refused
        // without measuring it.
        if (value.length > budget) refuse('too_large');
        spend(Buffer.byteLength(value) + 2);
        return;
      case 'number':
        if (!Number.isFinite(value)) refuse('not_plain_data', 'a number that is not finite');
        spend(String(value).length);
        return;
      case 'boolean':
        spend(5);
        return;
      case 'undefined':
        spend(4);
        return;
      case 'object':
        if (value === null) return spend(4);
        if (depth >= limits.maxDepth) refuse('too_deep');
        if (Array.isArray(value)) return visitArray(value, depth);
        return visitObject(value, depth);
      default:
        refuse('not_plain_data', `a value of type ${typeof value}`);
    }
  };

  const visitArray = (array: unknown[], depth: number) => {
    if (Object.getPrototypeOf(array) !== Array.prototype)
      refuse('not_plain_data', 'a list of an unusual kind');
    spend(2);
    for (let index = 0; index < array.length; index++) {
      spend(1);
      path.push(String(index));
      visit(array[index], depth + 1);
      path.pop();
    }
  };

  const visitObject = (object: object, depth: number) => {
    const prototype: unknown = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      const kind = (object as { constructor?: { name?: unknown } }).constructor?.name;
      refuse(
        'not_plain_data',
        typeof kind === 'string' && kind ? `a ${kind.slice(0, 40)}` : 'an object of an unusual kind',
      );
    }
    spend(2);
    for (const key in object) {
      if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
      path.push(key);
      if (key === '__proto__') refuse('forbidden_key');
      spend(key.length + 4);
      visit((object as Record<string, unknown>)[key], depth + 1);
      path.pop();
    }
  };

  try {
    visit(input, 0);
    return null;
  } catch (error) {
    if (error instanceof Refusal) return error.problem;
    // A getter that throws, a revoked proxy: nothing a renderer can send, but still not plain data.
    return { reason: 'not_plain_data', path: shownPath(path), found: 'a value that cannot be read' };
  }
}
