/**
 * The stack program `pulumi up` runs (package.json `main`; Pulumi.yaml leaves `main` unset so that the project folder,
 * with its tsconfig.json, is the program's working directory). Config is validated, and checked against the region,
 * before any resource is registered; the function's result is the stack's outputs.
 */
import { checkRegion, loadPlatformConfig } from "./config";
import { createPlatform, platformOutputs } from "./platform";

export = async () => {
    const config = loadPlatformConfig();
    await checkRegion(config);
    return platformOutputs(createPlatform(config));
};
