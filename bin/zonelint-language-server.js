#!/usr/bin/env node
'use strict';
// The Zonelint language server for any editor: `zonelint-language-server --stdio`.
require('./bundle')('server', 'server/src/node/serverMain.ts');
