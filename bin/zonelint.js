#!/usr/bin/env node
'use strict';
// The zonelint command. Runs the bundled CLI; builds it first when dist/ is missing.
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  require('esbuild').buildSync({
    entryPoints: [path.join(__dirname, '..', 'server', 'src', 'node', 'cli.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  });
}
require(bundle).main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
