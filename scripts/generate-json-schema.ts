// Writes schema/model-spec.schema.json, the JSON Schema of leapfrog's model specs, from the
// zod schema (src/language/json/schema.ts) that also validates them: editors use it to
// autocomplete and check specs that name it in "$schema". Run after changing the schema:
//   npx tsx scripts/generate-json-schema.ts
// test/language/json/json-schema.test.ts fails while the committed file is out of date.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { modelSpecJsonSchemaText } from '../src/language/json/schema.js';

const target = fileURLToPath(new URL('../schema/model-spec.schema.json', import.meta.url));
writeFileSync(target, modelSpecJsonSchemaText());
console.log(`wrote ${target}`);
