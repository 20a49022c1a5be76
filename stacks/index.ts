/**
 * The stack program `pulumi up` runs (package.json `main`; Pulumi.yaml leaves `main` unset so that the project folder,
 * with its tsconfig.json, is the program's working directory). Config is validated, and checked against the region,
 * before any resource is registered; the function's result is the stack's outputs (stacks/outputs.ts).
 */
import { checkRegion, loadPlatformConfig } from "./config";
import { deliveredImages } from "./delivered-images";
import { PlatformOutputs, platformOutputs } from "./outputs";
import { createPlatform } from "./platform";

export = async (): Promise<PlatformOutputs> => {
    const config = loadPlatformConfig();
    await checkRegion(config);
    return platformOutputs(createPlatform(config, undefined, await deliveredImages(config)));
};
