#!/usr/bin/env node
'use strict';
// The zonelint command.
require('./bundle')('cli', 'server/src/node/cli.ts')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
