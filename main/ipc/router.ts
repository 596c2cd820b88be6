import {
  bridgeLimits,
  calls,
  type BridgeError,
  type BridgeResult,
  type CallName,
  type CallOutput,
  type ParsedInput,
} from '../../preload/contract.ts';
import { toBridgeError, type Logger } from '../core/index.ts';
import { inspectInputShape, type InputShapeProblem } from './input-shape.ts';

/** What a handler knows about the call it serves. */
export interface CallContext {
  /** Aborted when the renderer cancels the call or its connection goes away. */
  signal: AbortSignal;
  /** Which transport delivered the call, for logs. */
  transport: 'electron' | 'web' | 'direct';
}

/** A handler for one call. */
export type Handler<N extends CallName> = (
  input: ParsedInput<N>,
  context: CallContext,
) => Promise<CallOutput<N>> | CallOutput<N>;

/** One handler for every call in the contract; the compiler makes sure none is missing. */
export type Handlers = { [N in CallName]: Handler<N> };

/** Dispatches untrusted calls: unknown names and invalid inputs become `invalid` errors, never exceptions. */
export interface Router {
  dispatch(name: unknown, input: unknown, context: CallContext): Promise<BridgeResult<unknown>>;
}

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** Builds the router over a complete set of handlers. */
export function createRouter(handlers: Handlers, logger: Logger): Router {
  return {
    async dispatch(name, input, context) {
      if (typeof name !== 'string' || !hasOwn(calls, name)) {
        const shown = typeof name === 'string' ? name.slice(0, 100) : `(${typeof name})`;
        logger.warn('bridge.unknown_call', { name: shown });
        return { ok: false, error: { code: 'invalid', message: 'Unknown call.', details: { name: shown } } };
      }
      const callName = name as CallName;
      const problem = inspectInputShape(input ?? {}, {
        maxBytes: bridgeLimits.messageBytes,
        maxDepth: bridgeLimits.depth,
      });
      if (problem) {
        logger.warn('bridge.refused_input', {
          name: callName,
          reason: problem.reason,
          path: problem.path.join('.'),
        });
        return { ok: false, error: shapeError(callName, problem) };
      }
      let parsed: ReturnType<(typeof calls)[CallName]['input']['safeParse']>;
      try {
        parsed = calls[callName].input.safeParse(input ?? {});
      } catch (error) {
        // A check in the contract that throws on some input is a bug there; the caller still gets an answer.
        logger.error('bridge.validation_threw', { name: callName, error });
        return {
          ok: false,
          error: {
            code: 'invalid',
            message: `The request "${callName}" could not be checked. Check what was entered and try again.`,
          },
        };
      }
      if (!parsed.success) {
        logger.info('bridge.invalid_input', { name: callName, issues: parsed.error.issues.length });
        return {
          ok: false,
          error: {
            code: 'invalid',
            message: `The request "${callName}" was not valid.`,
            details: {
              issues: parsed.error.issues.map((issue) => ({
                path: issue.path.map(String),
                message: issue.message,
              })),
            },
          },
        };
      }
      const handler = handlers[callName] as Handler<CallName>;
      const started = performance.now();
      try {
        const value = await handler(parsed.data as ParsedInput<CallName>, context);
        logger.debug('bridge.call', { name: callName, ms: Math.round(performance.now() - started) });
        return { ok: true, value };
      } catch (error) {
        const bridgeError = context.signal.aborted
          ? { code: 'cancelled' as const, message: 'The operation was cancelled.' }
          : toBridgeError(error);
        const level = bridgeError.code === 'server' ? 'error' : 'info';
        logger[level]('bridge.call_failed', { name: callName, code: bridgeError.code, error });
        return { ok: false, error: bridgeError };
      }
    },
  };
}

const mebibytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/** The `invalid` answer for an input refused before validation, saying what to do about it. */
function shapeError(name: CallName, problem: InputShapeProblem): BridgeError {
  const where = problem.path.length > 0 ? ` (at ${problem.path.join('.')})` : '';
  const messages: Record<InputShapeProblem['reason'], string> = {
    too_large:
      `The request "${name}" is too large: one request can carry at most ${mebibytes(bridgeLimits.messageBytes)}. ` +
      'Send it in smaller parts, for example fewer files at a time or shorter text.',
    too_deep:
      `The request "${name}" is nested more than ${bridgeLimits.depth} levels deep${where}, which no Datadesk request ` +
      'needs. Reload the page; if it happens again, report it.',
    forbidden_key: `The request "${name}" has a field named "__proto__"${where}, which Datadesk does not accept. Rename it.`,
    not_plain_data:
      `The request "${name}" contains ${problem.found ?? 'something'}${where}; requests can only carry text, numbers, ` +
      'true/false, lists and objects.',
  };
  return {
    code: 'invalid',
    message: messages[problem.reason],
    details: {
      reason: problem.reason,
      path: problem.path,
      ...(problem.reason === 'too_large' ? { limitBytes: bridgeLimits.messageBytes } : {}),
      ...(problem.reason === 'too_deep' ? { limitDepth: bridgeLimits.depth } : {}),
    },
  };
}
