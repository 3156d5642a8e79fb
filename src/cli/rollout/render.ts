// How `ordinal rollout status` shows progress. On a terminal: one live bar per revision (pods at
// that revision of the desired count, with ready/available) drawn by cli-progress, kubectl's status
// message underneath, and events scrolling above. Elsewhere (pipes, CI logs): one line per change,
// never a redraw, so logs stay readable.

import cliProgress from 'cli-progress';
import type { RevisionCount } from './progress.js';

export interface RolloutView {
  desired: number;
  revisions: RevisionCount[];
  /** kubectl's status message for the current state. */
  message: string;
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

/** "updated 3/5, ready 2/5, available 2/5" for the update revision; "4/5 pods, 4 ready" for the others. */
export function revisionDetail(r: RevisionCount, desired: number): string {
  if (r.role === 'update') return `updated ${r.pods}/${desired}, ready ${r.ready}/${desired}, available ${r.available}/${desired}`;
  return `${r.pods}/${desired} pods, ${r.ready} ready, ${r.available} available`;
}

/** The lines that describe one state; the plain renderer prints them when they change. */
export function viewLines(v: RolloutView): string[] {
  return [...v.revisions.map((r) => `  ${revisionLabel(r)}: ${revisionDetail(r, v.desired)}`), v.message];
}

export class PlainRenderer implements Renderer {
  private last = new Map<string, string>();

  constructor(private readonly write: (s: string) => void) {}

  update(view: RolloutView): void {
    // Print only what changed, keyed by revision (and the message), so a 20-pod rollout is ~60 lines, not thousands.
    const keyed = new Map<string, string>(view.revisions.map((r) => [r.revision, `  ${revisionLabel(r)}: ${revisionDetail(r, view.desired)}`]));
    if (view.message) keyed.set('\u0000message', view.message);
    for (const [k, line] of keyed) {
      if (this.last.get(k) === line) continue;
      this.last.set(k, line);
      this.write(line + '\n');
    }
  }

  log(line: string): void {
    this.write(line + '\n');
  }

  stop(): void {}
}

export class TtyRenderer implements Renderer {
  private readonly multi: cliProgress.MultiBar;
  private readonly bars = new Map<string, cliProgress.SingleBar>();
  private status: cliProgress.SingleBar;

  constructor(stream: NodeJS.WriteStream = process.stdout) {
    this.multi = new cliProgress.MultiBar(
      {
        stream,
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        barsize: 20,
        fps: 10,
        format: ' {label} {bar} {value}/{total}  {detail}',
        autopadding: true,
      },
      cliProgress.Presets.shades_classic,
    );
    this.status = this.multi.create(1, 0, { message: '' }, { format: ' {message}' });
  }

  update(view: RolloutView): void {
    const width = Math.max(0, ...view.revisions.map((r) => revisionLabel(r).length));
    const seen = new Set<string>();
    for (const r of view.revisions) {
      seen.add(r.revision);
      // The bar already shows pods/desired: keep the rest short so the line fits 80 columns.
      const payload = { label: revisionLabel(r).padEnd(width), detail: `ready ${r.ready}, available ${r.available}` };
      const total = Math.max(view.desired, r.pods, 1);
      let bar = this.bars.get(r.revision);
      if (!bar) {
        // New bars go above the status line: recreate it last so the message stays at the bottom.
        this.multi.remove(this.status);
        bar = this.multi.create(total, r.pods, payload);
        this.bars.set(r.revision, bar);
        this.status = this.multi.create(1, 0, { message: view.message }, { format: ' {message}' });
      }
      bar.setTotal(total);
      bar.update(r.pods, payload);
    }
    for (const [rev, bar] of this.bars) {
      if (seen.has(rev)) continue;
      this.multi.remove(bar);
      this.bars.delete(rev);
    }
    this.status.update(0, { message: view.message });
  }

  log(line: string): void {
    this.multi.log(line + '\n');
  }

  stop(): void {
    this.multi.stop();
  }
}
