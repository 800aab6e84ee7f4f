import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Specs are data: their expressions are parsed into trees and evaluated by closures over
// leapfrog's ops. Nothing a user writes may reach eval or the Function constructor.

const root = fileURLToPath(new URL('../../../src/language/json/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the spec compiler', () => {
  it.each(sources(root).map((p) => [p.slice(root.length), p]))('%s uses no eval and no Function constructor', (_, path) => {
    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/\beval\s*\(/);
    expect(text).not.toMatch(/\bnew\s+Function\b|\bFunction\s*\(/);
  });
});
