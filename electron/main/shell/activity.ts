/**
 * Decides when background sync may run: it pauses while the window is hidden or the system is idle
 * or locked, unless something (the tray's notifications) still wants updates.
 */
export interface ActivityTarget {
  pause(): void;
  resume(): void;
}

export class ActivityGate {
  private visible = true;
  private idle = false;
  private subscribers = 0;
  private paused = false;

  constructor(private readonly target: ActivityTarget) {}

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.apply();
  }

  setIdle(idle: boolean): void {
    this.idle = idle;
    this.apply();
  }

  /** Something that needs updates while hidden (returns its release). */
  subscribe(): () => void {
    this.subscribers++;
    this.apply();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.subscribers--;
      this.apply();
    };
  }

  private apply(): void {
    const shouldPause = (!this.visible || this.idle) && this.subscribers === 0;
    if (shouldPause && !this.paused) this.target.pause();
    if (!shouldPause && this.paused) this.target.resume();
    this.paused = shouldPause;
  }
}
