import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: convert.mjs <input.json> <output.csv>');
  process.exit(1);
}

const rows = JSON.parse(await readFile(path.resolve(input), 'utf8'));
const csv = rows.map((r) => [r.id, r.name, r.email].join(',')).join('\n');
await writeFile(path.resolve(output), csv);
