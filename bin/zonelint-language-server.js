#!/usr/bin/env node
'use strict';
// The Zonelint language server for any editor: `zonelint-language-server --stdio`.
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'server.js');
if (!fs.existsSync(bundle)) {
  require('esbuild').buildSync({
    entryPoints: [path.join(__dirname, '..', 'server', 'src', 'node', 'serverMain.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  });
}
require(bundle);
