// Writes docs/functions.md, the reference of the functions and distributions that model
// specs accept, from their registries (src/language/json/function-reference.ts). Run after
// adding or changing a function or distribution:
//   npm run docs
// test/language/json/function-reference.test.ts fails while the committed file is out of date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceMarkdown } from '../src/language/json/function-reference.js';

const target = fileURLToPath(new URL('../docs/functions.md', import.meta.url));
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, referenceMarkdown());
console.log(`wrote ${target}`);
