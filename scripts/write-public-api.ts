import { writeFileSync } from 'node:fs';
import { apiDifference, formatPublicApi, publicApi, publicNamesFile, root } from './public-api.js';
import { readFileSync } from 'node:fs';

// `npm run api`: writes the public names of every entry to test/api/public-names.json and
// prints what changed, for review with the commit that changes the API.

const current = publicApi();
let committed = {};
try {
  committed = JSON.parse(readFileSync(`${root}${publicNamesFile}`, 'utf8'));
} catch {
  committed = {};
}
writeFileSync(`${root}${publicNamesFile}`, formatPublicApi(current));
const changes = apiDifference(committed, current);
process.stdout.write(changes.length === 0 ? 'public API unchanged\n' : `${changes.join('\n')}\n`);
for (const [subpath, names] of Object.entries(current)) process.stdout.write(`${subpath}: ${names.values.length} values, ${names.types.length} types\n`);
