/**
 * The stack program `pulumi up` runs (Pulumi.yaml `main`). Config is validated before any resource is registered.
 */
import { loadPlatformConfig } from "./config";
import { createPlatform, platformOutputs } from "./platform";

const outputs = platformOutputs(createPlatform(loadPlatformConfig()));

export const environment = outputs.environment;
export const vpcId = outputs.vpcId;
export const availabilityZones = outputs.availabilityZones;
export const publicSubnetIds = outputs.publicSubnetIds;
export const privateSubnetIds = outputs.privateSubnetIds;
export const isolatedSubnetIds = outputs.isolatedSubnetIds;
export const keyArns = outputs.keyArns;
