/** Something that holds a resource until it is disposed. */
export interface Disposable {
  dispose(): void | Promise<void>;
}

/** Owns a set of disposables and disposes them in reverse order of registration. */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      void item.dispose();
      return item;
    }
    this.items.push(item);
    return item;
  }

  /** Registers a plain cleanup function. */
  defer(cleanup: () => void | Promise<void>): void {
    this.add({ dispose: cleanup });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const item of this.items.reverse()) {
      try {
        await item.dispose();
      } catch (error) {
        errors.push(error);
      }
    }
    this.items.length = 0;
    if (errors.length > 0) throw new AggregateError(errors, 'Some resources failed to close');
  }
}

/** A typed event with explicit subscriptions. */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  /** Subscribes; the returned disposable unsubscribes. */
  on(listener: (value: T) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
