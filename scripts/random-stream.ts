// Writes leapfrog's random stream as raw 32-bit little-endian words to stdout, endlessly,
// for external test batteries that read a generator from a pipe, e.g. dieharder:
//   npx tsx scripts/random-stream.ts | dieharder -a -g 200
// Options: --seed S (default 1); --streams K (default 1): the words of streams 0..K−1 of
// seed S in turn, so that a battery sees any dependence between neighbouring streams;
// --uniform: words floor(2^32·u) of rng.uniform() rather than rng.uint32(), to test the
// doubles (their top 32 bits) rather than the raw words.

import { parseArgs } from 'node:util';
import { makeRng } from '../src/random/rng.js';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, streams: { type: 'string', default: '1' }, uniform: { type: 'boolean', default: false } } });
const streams = Array.from({ length: Number(values.streams) }, (_, k) => makeRng(Number(values.seed), k));
const words = new Uint32Array(1 << 16);
const bytes = new Uint8Array(words.buffer);
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
if (!littleEndian) throw new Error('random-stream: this writes the machine order, which is big-endian here');

process.stdout.on('error', () => process.exit(0)); // the reader closed the pipe
function fill(): void {
  for (;;) {
    for (let i = 0; i < words.length; i++) {
      const rng = streams[i % streams.length]!;
      words[i] = values.uniform ? Math.floor(rng.uniform() * 2 ** 32) : rng.uint32();
    }
    if (!process.stdout.write(Buffer.from(bytes))) {
      process.stdout.once('drain', fill);
      return;
    }
  }
}
fill();
