import { useEffect, useState } from 'react';

/** `value`, once it has stopped changing for `delayMs` (immediately when it becomes `immediateWhen`). */
export function useDebounced<T>(value: T, delayMs: number, immediateWhen?: T): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), value === immediateWhen ? 0 : delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs, immediateWhen]);
  return settled;
}
