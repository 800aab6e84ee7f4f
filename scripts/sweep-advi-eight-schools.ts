/**
 * Mean-field ADVI on eight schools over seeds 0–19: k-hat, the verdict, whether the summary
 * reports an importance-weighting shift, and whether it says "No problems detected"
 * (test/vi/approximation-check.test.ts's comment quotes this table).
 * Run: npx tsx scripts/sweep-advi-eight-schools.ts
 */
import { readFileSync } from 'node:fs';
import { model as centered } from '../examples/bench/eight_schools_centered.js';
import { model as noncentered } from '../examples/bench/eight_schools_noncentered.js';
import { summary } from '../src/samplers/run/summary.js';
import { advi } from '../src/vi/advi.js';
const data = JSON.parse(readFileSync('examples/bench/data/eight_schools.json', 'utf8'));
for (const [name, m] of [['centred', centered], ['noncentred', noncentered]] as const) {
  const rows: string[] = [];
  for (let seed = 0; seed < 20; seed++) {
    const r = summary(advi(m.compile(data), { seed }).fit);
    rows.push(`${seed}:${r.approximationCheck!.paretoK.toFixed(2)}/${r.approximationCheck!.verdict}/${r.text.includes('importance weighting moves') ? 'shift' : '-'}/${r.text.includes('No problems detected') ? 'NOPROB' : 'warn'}`);
  }
  console.log(name, rows.join(' '));
}
