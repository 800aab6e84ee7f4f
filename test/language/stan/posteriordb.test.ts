import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatStan, parseStan, programToSExpression } from '../../../src/language/stan/index.js';
import { reprinted } from './helpers.js';

// posteriordb's Stan programs (copied with their licence into examples/posteriordb): each
// parses in both syntaxes, both give one tree, and printing it gives the tree back.

const root = fileURLToPath(new URL('../../../examples/posteriordb/', import.meta.url));
const posteriors = readdirSync(root).filter((name) => existsSync(join(root, name, 'model.stan')));
const read = (name: string, file: string): string => readFileSync(join(root, name, file), 'utf8');

describe('posteriordb programs', () => {
  it('are all there, in both syntaxes', () => {
    expect(posteriors).toHaveLength(15);
    for (const name of posteriors) expect(existsSync(join(root, name, 'model_pre_2_33.stan'))).toBe(true);
  });

  it.each(posteriors)('%s: both syntaxes parse to one tree, which prints and parses back to itself', (name) => {
    const current = parseStan(read(name, 'model.stan'), `${name}/model.stan`);
    const old = parseStan(read(name, 'model_pre_2_33.stan'), `${name}/model_pre_2_33.stan`);
    const rendered = programToSExpression(current);
    expect(rendered).not.toBe('');
    expect(programToSExpression(old)).toBe(rendered);
    expect(reprinted(current)).toBe(rendered);
    // The canonical text is a fixed point of printing.
    expect(formatStan(parseStan(formatStan(current)))).toBe(formatStan(current));
  });
});
