// ESLint (flat config), run by `npm test` over the whole tree: typescript-eslint's type-aware rules (floating and
// misused promises are how Pulumi programs leak work past the engine) and Pulumi's own plugin (an Output inside a plain
// template string renders as a warning text instead of its value).
//
// Product code (components/, stacks/, apps/) gets the whole recommended-type-checked set. Code that reads untyped data
// by nature keeps every rule but the `any` family: policy rules (the analyzer hands them `props: any`), the planner
// and tools (SDK internals, protobuf requests, JSON documents) and tests (plans read back from JSON).
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

const untypedByNature = {
    "@typescript-eslint/no-explicit-any": "off",
    "@typescript-eslint/no-unsafe-argument": "off",
    "@typescript-eslint/no-unsafe-assignment": "off",
    "@typescript-eslint/no-unsafe-call": "off",
    "@typescript-eslint/no-unsafe-member-access": "off",
    "@typescript-eslint/no-unsafe-return": "off",
    // Resource properties are primitives of unknown static type: rendering them into messages is the point.
    "@typescript-eslint/no-base-to-string": "off",
    "@typescript-eslint/restrict-template-expressions": "off",
};

export default tseslint.config(
    { ignores: ["node_modules/**", "**/node_modules/**", "dist/**", "**/dist/**", "bin/**", "eslint.config.mjs", "tools/run.js", "tools/register.js", "examples/awsguard-pack/**"] },
    ...tseslint.configs.recommendedTypeChecked,
    {
        // One program for the whole tree: the root tsconfig includes every linted file, and the packs' own tsconfigs
        // (policies/aws, policies/kubernetes) only narrow it; projectService would build a program for each of them
        // too, type-checking @pulumi/aws and the shared code three times (a fifth of the lint's CPU).
        languageOptions: { parserOptions: { project: ["./tsconfig.json"], tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-misused-promises": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        },
    },
    { files: ["policies/**", "tools/**", "**/*.test.ts"], rules: untypedByNature },
    // The planner loads the program's own copy of the SDK and a pack's own @pulumi/policy by path, and tests load an
    // entry module afresh: dynamic require() is the point there.
    { files: ["tools/plan/**", "**/*.test.ts"], rules: { "@typescript-eslint/no-require-imports": "off" } },
);
