/**
 * Bundles a function for Lambda with esbuild: one CommonJS file (`index.js`, handler `index.handler`) for the
 * nodejs22.x runtime. `@aws-sdk/*` stays external because the nodejs22.x runtime provides the AWS SDK v3; everything
 * else (zod, this folder's code) is inlined. The build runs with the repository root as working directory and without
 * source maps, so the output names files by repository-relative paths only and the same sources give the same bytes
 * (a stable code hash: no redeploy without a change). Bundles are memoized per process.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";
import type { BuildOptions } from "esbuild";
import { FUNCTION_NAMES } from "./contract";
import type { FunctionName } from "./contract";

/** The repository root (apps/functions/ is two levels below it). */
const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** A bundled function. */
export interface FunctionBundle {
    /** The CommonJS code of `index.js`. */
    code: string;
    /** Hex SHA-256 of `code`. */
    sha256: string;
}

/** esbuild's options (all but the entry points): repository-relative, no source map, minified with names kept. */
export const BUILD_OPTIONS = {
    absWorkingDir: REPO_ROOT,
    outdir: "out",
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    external: ["@aws-sdk/*"],
    minify: true,
    keepNames: true,
    legalComments: "none",
    sourcemap: false,
    write: false,
    logLevel: "silent",
} as const satisfies BuildOptions;

let bundles: ReadonlyMap<string, FunctionBundle> | undefined;

function checkName(name: string): FunctionName {
    if (!(FUNCTION_NAMES as readonly string[]).includes(name)) {
        throw new Error(`Unknown function '${name}'; expected one of: ${FUNCTION_NAMES.join(", ")} (apps/functions/contract.ts FUNCTION_NAMES)`);
    }
    return name as FunctionName;
}

/**
 * Bundles every function in one esbuild run (shared parsing of the common code and zod: about a third of the time of
 * nine runs; the program deploys all nine anyway). Minified with names kept (stack traces stay readable).
 */
function bundleAll(): ReadonlyMap<string, FunctionBundle> {
    const result = buildSync({ ...BUILD_OPTIONS, entryPoints: Object.fromEntries(FUNCTION_NAMES.map((name) => [name, `apps/functions/${name}.ts`])) });
    return new Map(
        result.outputFiles.map((file) => [path.basename(file.path, ".js"), { code: file.text, sha256: createHash("sha256").update(file.text).digest("hex") }]),
    );
}

/** The bundle of `apps/functions/<name>.ts` (all functions are built on the first call, once per process). */
export function bundleFunction(name: string): FunctionBundle {
    const functionName = checkName(name);
    bundles ??= bundleAll();
    const bundle = bundles.get(functionName);
    if (bundle === undefined) {
        throw new Error(`esbuild produced no bundle for function '${functionName}'`);
    }
    return bundle;
}

/** The function's deployment package: `index.js` only (handler `index.handler`). */
export function functionArchive(name: string): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundleFunction(name).code) });
}
