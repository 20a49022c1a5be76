/**
 * Loads a function's esbuild bundle (the code that ships, from bundleFunction) as a CommonJS module, so tests
 * exercise the bundle and not the TypeScript sources. `require("@aws-sdk/...")` inside it resolves from this
 * repository's node_modules, as the nodejs22.x runtime resolves it from its own SDK.
 */
import Module from "node:module";
import * as path from "node:path";
import { bundleFunction } from "../bundle";
import type { FunctionName } from "../contract";

interface CompilableModule {
    filename: string;
    paths: string[];
    exports: unknown;
    _compile(code: string, filename: string): void;
}

const nodeModulePaths = (Module as unknown as { _nodeModulePaths: (this: void, from: string) => string[] })._nodeModulePaths;

/** The exports of `<name>`'s bundle, typed as its source module's (e.g. `typeof import("../validate-order")`). */
export function loadBundle<T>(name: FunctionName): T {
    const filename = path.join(__dirname, "..", `${name}.bundle.js`);
    const module = new Module(filename) as unknown as CompilableModule;
    module.filename = filename;
    module.paths = nodeModulePaths(path.dirname(filename));
    module._compile(bundleFunction(name).code, filename);
    return module.exports as T;
}
