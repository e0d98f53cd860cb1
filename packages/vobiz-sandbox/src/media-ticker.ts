import { performance } from 'node:perf_hooks';
import { FRAME_MS } from './codec.js';

export interface MediaPump {
  /** Sends whatever frames are due at `nowMs` (a performance.now() reading). */
  pump(nowMs: number): void;
}

/**
 * One 20 ms timer for every stream in the sandbox. Each stream computes its own due frames from its
 * start time, so timer jitter never changes the long-run rate of ~50 frames/s; a single timer keeps
 * 100 concurrent streams cheap.
 */
export class MediaTicker {
  private readonly pumps = new Set<MediaPump>();
  private timer: NodeJS.Timeout | undefined;
  private nextAt = 0;

  add(pump: MediaPump): void {
    this.pumps.add(pump);
    if (!this.timer) {
      this.nextAt = performance.now() + FRAME_MS;
      this.schedule();
    }
  }

  delete(pump: MediaPump): void {
    this.pumps.delete(pump);
    if (this.pumps.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  stop(): void {
    this.pumps.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.tick(), Math.max(0, this.nextAt - performance.now()));
  }

  private tick(): void {
    const now = performance.now();
    for (const pump of [...this.pumps]) pump.pump(now);
    this.nextAt += FRAME_MS;
    // After a long stall, re-anchor instead of firing a burst of back-to-back timers.
    if (this.nextAt < now) this.nextAt = now + FRAME_MS;
    if (this.pumps.size > 0) this.schedule();
    else this.timer = undefined;
  }
}
