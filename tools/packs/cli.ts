/**
 * npm run build:packs [-- [--out DIR] [PACK_DIR ...]]
 *
 * Writes a publishable, self-contained directory per policy pack (default: every pack under policies/, into
 * dist/policy-packs/<pack>/); see packs.ts. Exit codes: 0 built; 2 a pack or the waiver file cannot be built.
 */
import * as path from "path";
import { WaiverFileError } from "../../policies/lib/waivers";
import { buildPacks, PackBuildError } from "./packs";

const USAGE = `usage: npm run build:packs -- [--out DIR] [PACK_DIR ...]

  --out DIR    where the publishable packs go (default: dist/policy-packs)
  PACK_DIR     source pack directories (default: every directory under policies/ with a PulumiPolicy.yaml)`;

function parseArgs(argv: string[]): { outDir?: string; packs?: string[] } {
    const args: { outDir?: string; packs?: string[] } = {};
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--help" || a === "-h") { console.log(USAGE); process.exit(0); }
        if (a === "--out") {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) throw new PackBuildError(`--out needs a directory\n\n${USAGE}`);
            args.outDir = path.resolve(v);
        } else if (a.startsWith("--")) {
            throw new PackBuildError(`unknown argument '${a}'\n\n${USAGE}`);
        } else {
            (args.packs ??= []).push(path.resolve(a));
        }
    }
    return args;
}

async function main(): Promise<void> {
    const started = Date.now();
    const built = await buildPacks(parseArgs(process.argv.slice(2)));
    for (const b of built) {
        const deps = Object.entries(b.dependencies).map(([n, v]) => `${n}@${v}`).join(", ");
        console.log(`${path.relative(process.cwd(), b.dir)}: ${b.name} ${b.version}, ${b.policies} policies, `
            + `${b.waivers} waiver(s), index.js ${(b.bundleBytes / 1024).toFixed(0)} KiB, depends on ${deps}`);
    }
    console.log(`built ${built.length} pack(s) in ${((Date.now() - started) / 1000).toFixed(1)} s; `
        + "publish one with: cd <dir> && npm install && pulumi policy publish [<org>]");
}

main().catch((e) => {
    if (e instanceof PackBuildError || e instanceof WaiverFileError) {
        console.error(`error: ${e.message}`);
        process.exit(2);
    }
    console.error(`error: building the policy packs failed:\n${e?.stack ?? e}`);
    process.exit(2);
});
