#!/usr/bin/env node
/**
 * Runs a TypeScript entry point of this repository with ts-node in transpile-only mode: the planner, tests and
 * benchmark start fast, and type-checking stays the job of `tsc --noEmit` in `npm test`.
 *   node tools/run.js tools/plan/cli.ts --stack dev
 */
"use strict";
const path = require("path");

const root = path.resolve(__dirname, "..");
require("ts-node").register({
    transpileOnly: true,
    project: path.join(root, "tsconfig.json"),
    // Source maps make the Pulumi SDK's per-resource stack capture several times slower; errors from the planner
    // name files and lines of the transpiled output, which match the sources closely enough.
    compilerOptions: { sourceMap: false, inlineSourceMap: false },
});
// ts-node installs source-map-support; its Error.prepareStackTrace hook makes every resource registration (the SDK
// captures a stack per resource) several times slower. Stack traces of planner errors stay readable without it.
if (process.env.PLATFORM_SOURCE_MAPS !== "1") Error.prepareStackTrace = undefined;
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
    console.error("usage: node tools/run.js <file.ts> [args...]");
    process.exit(2);
}
const file = path.resolve(entry);
process.argv = [process.argv[0], file, ...args];
require(file);
