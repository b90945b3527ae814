// The figures a run collects: for each server and figure, the samples of each round (one per
// round, or one per spawn for start times). A figure's value is the median of all its samples;
// a ratio between two servers is taken round by round (median of each side's samples in that
// round) and then the median of those ratios, so a slow moment of the machine, which hits
// both sides of a round, cancels out. Failures are kept as notes for the table.
import { median } from './stats.mjs';

export class Results {
  constructor() {
    this.samples = {}; // key -> figure -> [round][samples]
    this.once = {}; // key -> figures measured once per run (tool definition size)
    this.notes = [];
  }

  add(key, round, figures) {
    const byFigure = (this.samples[key] ??= {});
    for (const [figure, value] of Object.entries(figures)) {
      if (!Number.isFinite(value)) continue;
      ((byFigure[figure] ??= [])[round] ??= []).push(value);
    }
  }

  fail(key, what, error) {
    const message = String(error?.message ?? error).split('\n')[0].slice(0, 300);
    this.notes.push(`${key}: ${what} failed: ${message}`);
    process.stderr.write(`bench: ${key}: ${what} failed: ${error?.stack ?? error}\n`);
  }

  value(key, figure) {
    const rounds = this.samples[key]?.[figure];
    return rounds ? median(rounds.flat()) : undefined;
  }

  ratio(key, other, figure) {
    const a = this.samples[key]?.[figure] ?? [];
    const b = this.samples[other]?.[figure] ?? [];
    const ratios = [];
    for (let r = 0; r < Math.min(a.length, b.length); r++)
      if (a[r]?.length && b[r]?.length) ratios.push(median(a[r]) / median(b[r]));
    return ratios.length ? median(ratios) : undefined;
  }

  toJSON() {
    const medians = {};
    for (const [key, figures] of Object.entries(this.samples)) {
      medians[key] = {};
      for (const figure of Object.keys(figures)) medians[key][figure] = this.value(key, figure);
    }
    return { medians, once: this.once, samples: this.samples, notes: this.notes };
  }
}
