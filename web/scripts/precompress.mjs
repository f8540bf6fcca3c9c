// Writes FILE.gz beside every compressible file of the build (default
// web/dist), so the server sends gzip without compressing per request. A
// variant is kept only when it is smaller than the original. Idempotent:
// old .gz files are replaced.
import { readdirSync, readFileSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const root = process.argv[2] ?? 'dist';
const compressible = /\.(html|js|mjs|css|svg|json|map|txt|webmanifest)$/i;
let written = 0;
let saved = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
    } else if (name.endsWith('.gz')) {
      unlinkSync(path);
    } else if (compressible.test(name)) {
      const body = readFileSync(path);
      const gz = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
      if (gz.length < body.length) {
        writeFileSync(path + '.gz', gz);
        written += 1;
        saved += body.length - gz.length;
      }
    }
  }
}
walk(root);
console.log(`precompress: ${written} .gz files in ${root}, ${(saved / 1024).toFixed(1)} KiB smaller`);
