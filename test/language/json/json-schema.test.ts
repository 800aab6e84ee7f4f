import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_NAMES } from '../../../src/language/json/distribution-registry.js';
import { ModelSpec, modelSpecJsonSchemaText } from '../../../src/language/json/schema.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const schemaPath = resolve(root, 'schema/model-spec.schema.json');

const specFiles = [
  ...readdirSync(resolve(root, 'examples/bench'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => resolve(root, 'examples/bench', f)),
  ...readdirSync(resolve(root, 'examples/posteriordb'))
    .map((d) => resolve(root, 'examples/posteriordb', d, 'model.json'))
    .filter((f) => existsSync(f)),
];

describe('the shipped JSON Schema of model specs', () => {
  it('is up to date with the zod schema (run: npx tsx scripts/generate-json-schema.ts)', () => {
    expect(readFileSync(schemaPath, 'utf8')).toBe(modelSpecJsonSchemaText());
  });

  it('lists every registered distribution for autocomplete', () => {
    const text = readFileSync(schemaPath, 'utf8');
    for (const name of DISTRIBUTION_NAMES) expect(text).toContain(`"${name}"`);
  });

  it.each(specFiles.map((f) => [f.slice(root.length), f]))('%s names the schema and validates', (_, file) => {
    const spec = JSON.parse(readFileSync(file, 'utf8')) as { $schema?: string };
    expect(spec.$schema).toBeDefined();
    expect(resolve(dirname(file), spec.$schema!)).toBe(schemaPath);
    expect(ModelSpec.safeParse(spec).success).toBe(true);
  });
});
