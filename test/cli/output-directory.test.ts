import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputSlug } from '../../src/cli/load-model.js';
import { claimOutputDirectory, makeDirectory } from '../../src/cli/output-directory.js';
import { mayWrite, readManifest, recordFile } from '../../src/cli/run-manifest.js';
import { replaceFile } from '../../src/io/csv-stream.js';

const temporary = mkdtempSync(join(tmpdir(), 'leapfrog-out-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

const files = ['chain_1.csv', 'chain_2.csv', 'summary.csv', 'report.html'];
const request = (requested: string, overwrite = false) => ({ requested, overwrite, command: 'sample' as const, files });

/** Writes the files of a finished run, as `sample` does after claiming. */
function fakeRun(directory: string, text: string): void {
  for (const name of files) writeFileSync(join(directory, name), `${text} ${name}`);
}

describe('outputSlug: a model name is never a path', () => {
  it.each([
    ['../../victim', 'victim'],
    ['eight_schools', 'eight_schools'],
    ['a/b\\c d', 'a-b-c-d'],
    ['evil\nlp__,injected\n1,2', 'evil-lp__-injected-1-2'],
    ['..', 'm'],
    ['.hidden', 'hidden'],
    ['--overwrite', 'overwrite'],
    ['模型', 'm'],
    ['x'.repeat(200), 'x'.repeat(64)],
  ])('%j becomes %j', (name, slug) => {
    expect(outputSlug(name, 'dir/m.json')).toBe(slug);
  });

  it('falls back to the file name, then to "model"', () => {
    expect(outputSlug('', '/some/where/my model.json')).toBe('my-model');
    expect(outputSlug('/', '/x/..json')).toBe('model');
  });
});

describe('claimOutputDirectory', () => {
  it('creates a missing folder with its parents, and writes the manifest first', () => {
    const directory = join(temporary, 'fresh', 'a', 'b');
    const claim = claimOutputDirectory(request(directory));
    expect(claim).toEqual({ directory });
    expect(readdirSync(directory)).toEqual(['leapfrog-run.json']);
    expect(readManifest(directory)?.files).toEqual(files);
  });

  it('writes into a folder holding only unrelated files, and leaves them', () => {
    const directory = join(temporary, 'unrelated');
    mkdirSync(directory);
    writeFileSync(join(directory, 'notes.txt'), 'mine');
    expect(claimOutputDirectory(request(directory))).toEqual({ directory });
    expect(readFileSync(join(directory, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('keeps an earlier run and writes to the next free sibling, saying so', () => {
    const directory = join(temporary, 'earlier');
    claimOutputDirectory(request(directory));
    fakeRun(directory, 'first');
    const second = claimOutputDirectory(request(directory));
    expect(second.directory).toBe(`${directory}-2`);
    expect(second.note).toMatch(/earlier holds an earlier run, which is kept; this run writes to .*earlier-2 \(--overwrite replaces/);
    fakeRun(second.directory, 'second');
    expect(claimOutputDirectory(request(directory)).directory).toBe(`${directory}-3`);
    // A trailing slash names the same folder: its sibling, not a folder inside it.
    expect(claimOutputDirectory(request(`${directory}/`)).directory).toBe(`${directory}-4`);
    for (const name of files) expect(readFileSync(join(directory, name), 'utf8')).toBe(`first ${name}`);
  });

  it('treats files named as leapfrog outputs as an earlier run even without a manifest', () => {
    const directory = join(temporary, 'cmdstan-like');
    mkdirSync(directory);
    writeFileSync(join(directory, 'chain_1.csv'), 'a user file');
    expect(claimOutputDirectory(request(directory)).directory).toBe(`${directory}-2`);
    expect(readFileSync(join(directory, 'chain_1.csv'), 'utf8')).toBe('a user file');
  });

  it('--overwrite deletes only the files the manifest lists', () => {
    const directory = join(temporary, 'replaced');
    claimOutputDirectory(request(directory));
    fakeRun(directory, 'first');
    writeFileSync(join(directory, 'notes.txt'), 'mine');
    writeFileSync(join(directory, 'chain_2.csv.partial'), 'a killed write');
    const claim = claimOutputDirectory({ ...request(directory, true), files: ['chain_1.csv', 'summary.csv', 'report.html'] });
    expect(claim.directory).toBe(directory);
    expect(claim.note).toMatch(/Replaced the earlier run/);
    expect(readdirSync(directory).sort()).toEqual(['leapfrog-run.json', 'notes.txt']);
    expect(readManifest(directory)?.files).toEqual(['chain_1.csv', 'summary.csv', 'report.html']);
  });

  it('--overwrite refuses, deleting nothing, when a file it would replace is not listed', () => {
    const directory = join(temporary, 'foreign');
    claimOutputDirectory({ ...request(directory), files: ['chain_1.csv'] });
    writeFileSync(join(directory, 'chain_1.csv'), 'ours');
    writeFileSync(join(directory, 'chain_2.csv'), 'a user file');
    expect(() => claimOutputDirectory(request(directory, true))).toThrow(/no run manifest \(leapfrog-run\.json\) in '.*foreign' lists 'chain_2\.csv'; move them away/);
    expect(readFileSync(join(directory, 'chain_1.csv'), 'utf8')).toBe('ours');
    expect(readFileSync(join(directory, 'chain_2.csv'), 'utf8')).toBe('a user file');
  });

  it('ignores a manifest that lists paths outside its folder', () => {
    const directory = join(temporary, 'crafted');
    mkdirSync(directory);
    const outside = join(temporary, 'precious.csv');
    writeFileSync(outside, 'keep');
    writeFileSync(join(directory, 'leapfrog-run.json'), JSON.stringify({ writer: 'leapfrog', command: 'sample', files: ['../precious.csv', 'summary.csv'] }));
    expect(readManifest(directory)?.files).toEqual(['summary.csv']);
    claimOutputDirectory(request(directory, true));
    expect(readFileSync(outside, 'utf8')).toBe('keep');
  });

  it('refuses a path that is a file', () => {
    const path = join(temporary, 'a-file');
    writeFileSync(path, 'x');
    expect(() => claimOutputDirectory(request(path))).toThrow(/exists and is not a directory/);
  });

  it.skipIf(!existsSync('/proc/self'))('fails at once where mkdir cannot succeed (/proc), naming the reason', () => {
    const started = performance.now();
    expect(() => makeDirectory('/proc/leapfrog-test/out')).toThrow(/cannot create the output directory '\/proc\/leapfrog-test\/out': ENOENT/);
    expect(() => claimOutputDirectory(request('/proc/x'))).toThrow(/cannot create the output directory '\/proc\/x'/);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses a path below a file', () => {
    writeFileSync(join(temporary, 'plain'), 'x');
    expect(() => makeDirectory(join(temporary, 'plain', 'sub'))).toThrow(/cannot create the output directory '.*plain\/sub': .*not a directory/);
  });
});

describe('the run manifest decides what leapfrog may replace', () => {
  it('allows a missing file or a listed one, never an unlisted one', () => {
    const directory = join(temporary, 'manifest');
    mkdirSync(directory);
    writeFileSync(join(directory, 'report.html'), 'a user page');
    expect(mayWrite(directory, 'summary.csv')).toBe(true);
    expect(mayWrite(directory, 'report.html')).toBe(false);
    recordFile(directory, 'summary.csv');
    expect(readManifest(directory)?.files).toEqual(['summary.csv']);
  });

  it('replaceFile never follows a link planted under its temporary name', () => {
    const directory = join(temporary, 'links');
    mkdirSync(directory);
    const target = join(temporary, 'target.txt');
    writeFileSync(target, 'keep');
    symlinkSync(target, join(directory, 'summary.csv.partial'));
    replaceFile(join(directory, 'summary.csv'), 'new');
    expect(readFileSync(target, 'utf8')).toBe('keep');
    expect(readFileSync(join(directory, 'summary.csv'), 'utf8')).toBe('new');
  });
});
