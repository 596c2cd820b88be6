/** Cross-cutting pieces every capability uses: errors as values, lifetimes, events and structured logs. */
export { AppError, isCancellation, toBridgeError } from './errors.ts';
export { DisposableStore, Emitter, type Disposable } from './lifecycle.ts';
export { peakRssBytes } from './memory.ts';
export {
  createLogger,
  fileSinkSync,
  silentLogger,
  stderrSink,
  type LogLevel,
  type LogSink,
  type Logger,
  type LoggerOptions,
} from './logger.ts';
