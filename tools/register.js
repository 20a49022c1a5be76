/**
 * require() hook for this repository's TypeScript: each .ts file is transpiled to CommonJS by esbuild (already a
 * dependency, it bundles the Lambda handlers) when it is first required. Transpile only, as `ts-node --transpile-only`
 * did, several times faster: type-checking is the job of `tsc --noEmit` in `npm test`. Used by tools/run.js and by
 * mocha (.mocharc.json).
 *
 * Stack traces name lines of the transpiled output. PLATFORM_SOURCE_MAPS=1 maps them back to the .ts sources (Node's
 * own source maps); that is off by default because the Pulumi SDK captures a stack trace for every resource it
 * registers, and mapping each one makes recording a stack several times slower.
 */
"use strict";
const fs = require("fs");
const Module = require("module");
const esbuild = require("esbuild");

const sourceMaps = process.env.PLATFORM_SOURCE_MAPS === "1";
if (sourceMaps) process.setSourceMapsEnabled(true);

// What tsc emits for tsconfig.json (module commonjs, target ES2022, strict): strict-mode modules ("use strict"), class
// fields with define semantics, esModuleInterop, and `import()` as a require() (esbuild keeps it an ES import
// otherwise, which cannot load a .ts file).
const options = {
    loader: "ts",
    format: "cjs",
    target: "es2022",
    platform: "node",
    supported: { "dynamic-import": false },
    sourcemap: sourceMaps ? "inline" : false,
    tsconfigRaw: { compilerOptions: { target: "ES2022", strict: true, alwaysStrict: true, useDefineForClassFields: true, esModuleInterop: true } },
};

function compileTs(module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    const { code } = esbuild.transformSync(source, { ...options, sourcefile: filename });
    module._compile(code, filename);
}

if (!Module._extensions[".ts"] || Module._extensions[".ts"].name !== "compileTs") Module._extensions[".ts"] = compileTs;
