#!/usr/bin/env node
/**
 * Runs a TypeScript entry point of this repository, transpiled by esbuild (tools/register.js, transpile only): the
 * planner, tests and benchmark start fast, and type-checking stays the job of `tsc --noEmit` in `npm test`.
 *   node tools/run.js tools/plan/cli.ts --stack dev
 */
"use strict";
const path = require("path");

// No source maps by default: mapping the stack the Pulumi SDK captures for every resource makes registration several
// times slower; errors name lines of the transpiled output, which match the sources closely enough
// (PLATFORM_SOURCE_MAPS=1 maps them).
require("./register");
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
    console.error("usage: node tools/run.js <file.ts> [args...]");
    process.exit(2);
}
const file = path.resolve(entry);
process.argv = [process.argv[0], file, ...args];
require(file);
