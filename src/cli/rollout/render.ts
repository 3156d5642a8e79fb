// How `ordinal rollout status` shows progress. On a terminal: one live bar per revision (pods at
// that revision of the desired count, split into ready and not yet ready) with updated, ready and
// available of desired beside it, kubectl's status message and the elapsed time underneath, and
// the events scrolling above (see live-region.ts). Elsewhere (pipes, CI logs): one line per
// change, prefixed with the elapsed time, never a redraw, so logs stay readable.

import { formatDuration, painter, type Painter } from './format.js';
import { LiveRegion, type LiveStream } from './live-region.js';
import type { RevisionCount } from './progress.js';

export interface RolloutView {
  desired: number;
  revisions: RevisionCount[];
  /** kubectl's status message for the current state; empty once done. */
  message: string;
  /** Since the command started following. */
  elapsedMs: number;
}

export interface Renderer {
  update(view: RolloutView): void;
  /** A line that scrolls (an event). */
  log(line: string): void;
  stop(): void;
}

const ROLE: Record<RevisionCount['role'], string> = { update: 'update', current: 'current', other: 'old' };

export function revisionLabel(r: RevisionCount): string {
  return `${r.revision} (${ROLE[r.role]})`;
}

/** "updated 3/5, ready 2/5, available 2/5" for the update revision; "4/5 pods, 4 ready, 4 available" for the others. */
export function revisionDetail(r: RevisionCount, desired: number): string {
  if (r.role === 'update') return `updated ${r.pods}/${desired}, ready ${r.ready}/${desired}, available ${r.available}/${desired}`;
  return `${r.pods}/${desired} pods, ${r.ready} ready, ${r.available} available`;
}

/** The live-display variant: every count of desired, so each bar reads on its own. */
export function barDetail(r: RevisionCount, desired: number): string {
  const first = r.role === 'update' ? 'updated' : 'pods';
  return `${first} ${r.pods}/${desired}  ready ${r.ready}/${desired}  available ${r.available}/${desired}`;
}

/**
 * `size` cells: █ for ready pods, ▒ for pods at the revision that are not ready yet, ░ for the
 * rest of desired. Cells are rounded on the running totals so the parts always add up to size.
 */
export function bar(r: RevisionCount, desired: number, size: number): string {
  const of = Math.max(desired, r.pods, 1);
  const readyCells = Math.round((Math.min(r.ready, r.pods) / of) * size);
  const podCells = Math.round((r.pods / of) * size);
  return '█'.repeat(readyCells) + '▒'.repeat(podCells - readyCells) + '░'.repeat(size - podCells);
}

/** One plain line for the whole state: "  4.2s  web-b (update): updated 3/5, ... | web-a (current): 2/5 pods, ..." */
export function progressLine(v: RolloutView): string {
  return `${formatDuration(v.elapsedMs).padStart(6)}  ${revisionsText(v)}`;
}

function revisionsText(v: RolloutView): string {
  return v.revisions.map((r) => `${revisionLabel(r)}: ${revisionDetail(r, v.desired)}`).join(' | ');
}

export class PlainRenderer implements Renderer {
  private lastRevisions = '';
  private lastMessage = '';

  constructor(private readonly write: (s: string) => void) {}

  update(view: RolloutView): void {
    // Only what changed, so a 20-pod rollout is a few dozen lines, not one per watch event.
    const revisions = revisionsText(view);
    if (revisions !== this.lastRevisions) {
      this.lastRevisions = revisions;
      this.write(progressLine(view) + '\n');
    }
    if (view.message && view.message !== this.lastMessage) this.write(`${' '.repeat(8)}${view.message}\n`);
    this.lastMessage = view.message;
  }

  log(line: string): void {
    this.write(line + '\n');
  }

  stop(): void {}
}

/** "0s", "12s", "2m5s": the live clock ticks in whole seconds. */
function wholeSeconds(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : formatDuration(s * 1000);
}

/** The columns a bar gets: what the terminal leaves beside label and detail, within 10..30. */
function barSize(columns: number, labelWidth: number, detailWidth: number): number {
  return Math.min(30, Math.max(10, columns - 1 - labelWidth - detailWidth - 6));
}

export class TtyRenderer implements Renderer {
  private readonly region: LiveRegion;
  private view?: RolloutView;
  private viewAt = 0;
  /** Redraws the elapsed time each second even when nothing else changes, so a stall is visible. */
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly stream: LiveStream = process.stdout,
    private readonly paint: Painter = painter(true),
  ) {
    this.region = new LiveRegion(stream);
    this.ticker = setInterval(() => this.draw(), 1000);
    this.ticker.unref();
  }

  update(view: RolloutView): void {
    this.view = view;
    this.viewAt = Date.now();
    this.draw();
  }

  log(line: string): void {
    this.region.log(line);
  }

  stop(): void {
    clearInterval(this.ticker);
    this.region.stop();
  }

  private draw(): void {
    const v = this.view;
    if (!v) return;
    const p = this.paint;
    const labelWidth = Math.max(0, ...v.revisions.map((r) => revisionLabel(r).length));
    const details = v.revisions.map((r) => barDetail(r, v.desired));
    const size = barSize(this.stream.columns || 80, labelWidth, Math.max(0, ...details.map((d) => d.length)));
    const lines = v.revisions.map((r, i) => {
      const label = revisionLabel(r).padEnd(labelWidth);
      const cells = bar(r, v.desired, size);
      return ` ${r.role === 'update' ? p.bold(label) : label}  ${r.role === 'update' ? p.green(cells) : p.dim(cells)}  ${details[i]}`;
    });
    if (v.message) {
      lines.push(` ${v.message}  ${p.dim(`(${wholeSeconds(v.elapsedMs + Date.now() - this.viewAt)})`)}`);
    }
    this.region.set(lines);
  }
}
