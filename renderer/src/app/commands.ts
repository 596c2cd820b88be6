/** App-wide commands that shortcuts and menus trigger and screens carry out (a tiny typed event bus). */

type Command = 'focus-search' | 'upload-files' | 'upload-folder';

const listeners = new Map<Command, Set<() => void>>();

/** Runs a command: every screen listening for it acts. */
export function runCommand(command: Command): void {
  for (const listener of listeners.get(command) ?? []) listener();
}

/** Listens for a command; returns the unsubscribe function. */
export function onCommand(command: Command, listener: () => void): () => void {
  let set = listeners.get(command);
  if (!set) listeners.set(command, (set = new Set()));
  set.add(listener);
  return () => void set.delete(listener);
}
