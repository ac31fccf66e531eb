'use strict';
// Loads a bundle from dist/, building it from its TypeScript entry point when dist/ is missing
// (a fresh clone where `npm ci` ran without its prepare step).
const path = require('node:path');
const fs = require('node:fs');

module.exports = function loadBundle(name, entry) {
  const bundle = path.join(__dirname, '..', 'dist', name + '.js');
  if (!fs.existsSync(bundle)) {
    require('esbuild').buildSync({
      entryPoints: [path.join(__dirname, '..', entry)],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'error',
    });
  }
  return require(bundle);
};
