/** A counting semaphore with weights (slots or bytes), abortable while waiting, resizable at runtime. */
export class Semaphore {
  private capacity: number;
  private used = 0;
  private readonly queue: Array<{ weight: number; resolve(): void; reject(error: unknown): void }> = [];

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Waits for `weight` units (a weight above capacity waits until everything else is released). */
  acquire(weight = 1, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.queue.length === 0 && this.fits(weight)) {
      this.used += weight;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        weight,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const index = this.queue.indexOf(entry);
        if (index >= 0) this.queue.splice(index, 1);
        reject(signal?.reason);
        this.pump();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(entry);
    });
  }

  release(weight = 1): void {
    this.used = Math.max(0, this.used - weight);
    this.pump();
  }

  resize(capacity: number): void {
    this.capacity = capacity;
    this.pump();
  }

  get inUse(): number {
    return this.used;
  }

  private fits(weight: number): boolean {
    return this.used === 0 || this.used + weight <= this.capacity;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.fits(this.queue[0]!.weight)) {
      const next = this.queue.shift()!;
      this.used += next.weight;
      next.resolve();
    }
  }
}
