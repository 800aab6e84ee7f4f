import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Stan programs are data: they are parsed into trees, never evaluated as code.

const root = fileURLToPath(new URL('../../../src/language/stan/', import.meta.url));
const sources = readdirSync(root).filter((name) => name.endsWith('.ts'));

describe('the Stan front end', () => {
  it.each(sources)('%s uses no eval and no Function constructor', (name) => {
    const text = readFileSync(join(root, name), 'utf8');
    expect(text).not.toMatch(/\beval\s*\(/);
    expect(text).not.toMatch(/\bnew\s+Function\b|\bFunction\s*\(/);
  });
});
