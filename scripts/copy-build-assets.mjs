// Copies every non-TypeScript file under src/ (protos, schemas) beside the compiled JavaScript in dist/, so
// `node dist/main.js` finds what the code reads next to itself.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { stdout } from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

function* assets(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* assets(path);
    else if (!name.endsWith('.ts')) yield path;
  }
}

let copied = 0;
for (const file of assets(src)) {
  cpSync(file, join(dist, relative(src, file)));
  copied += 1;
}
stdout.write(`copied ${copied} asset file(s) into dist/\n`);
