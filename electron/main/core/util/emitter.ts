export interface Disposable {
  dispose(): void;
}

/** A typed event emitter whose subscriptions are Disposables (VS Code style). */
export class Emitter<T> {
  private listeners = new Set<(event: T) => void>();

  on(listener: (event: T) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A failing listener must not stop the others or the emitter.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
