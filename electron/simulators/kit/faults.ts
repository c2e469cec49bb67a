import type { ServerResponse } from 'node:http';
import { Rng } from './rng';

/** Faults a simulator injects, switchable at run time (tests, `/__sim/faults`, `demo serve --fault`). */
export interface Faults {
  /** Added delay before answering, in ms. */
  latencyMs?: number;
  /** Share of requests answered with `errorStatus` (0..1). */
  errorRate?: number;
  errorStatus?: number;
  /** Share of requests whose connection is destroyed without an answer. */
  dropRate?: number;
  /** Sends the body in pieces over this many ms. */
  slowBodyMs?: number;
  /** Share of JSON answers sent truncated (malformed). */
  malformedRate?: number;
  /** Every request hangs (never answered) — for timeout tests. */
  hang?: boolean;
}

/** The body an injected error answers with, in the simulated API's own form. */
export type FaultErrorBody = (status: number) => { contentType: string; body: string };

const jsonErrorBody: FaultErrorBody = (status) => ({
  contentType: 'application/json',
  body: JSON.stringify({ code: status, message: 'Injected fault' }),
});

export class FaultInjector {
  private faults: Faults = {};
  private rng: Rng;

  constructor(
    seed: string,
    private readonly errorBody: FaultErrorBody = jsonErrorBody,
  ) {
    this.rng = new Rng(`faults:${seed}`);
  }

  set(faults: Faults): void {
    this.faults = { ...faults };
  }

  get(): Faults {
    return { ...this.faults };
  }

  /** Applies pre-answer faults; returns false when the request was consumed (dropped, failed or hung). */
  async before(res: ServerResponse): Promise<boolean> {
    const f = this.faults;
    if (f.hang) return false;
    if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
    if (f.dropRate && this.rng.chance(f.dropRate)) {
      res.socket?.destroy();
      return false;
    }
    if (f.errorRate && this.rng.chance(f.errorRate)) {
      const status = f.errorStatus ?? 500;
      const { contentType, body } = this.errorBody(status);
      res.writeHead(status, { 'content-type': contentType });
      res.end(body);
      return false;
    }
    return true;
  }

  /** Applies body faults (truncation, slow delivery) to an outgoing body. */
  async write(res: ServerResponse, body: string, isJson: boolean): Promise<void> {
    const f = this.faults;
    let out = body;
    if (isJson && f.malformedRate && this.rng.chance(f.malformedRate)) out = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    if (f.slowBodyMs && out.length > 1) {
      const pieces = 4;
      const size = Math.ceil(out.length / pieces);
      for (let i = 0; i < out.length; i += size) {
        if (res.destroyed) return;
        res.write(out.slice(i, i + size));
        await new Promise((r) => setTimeout(r, f.slowBodyMs! / pieces));
      }
      res.end();
      return;
    }
    res.end(out);
  }
}
