/**
 * The images the delivery pipelines delivered to this environment: the SSM parameters
 * `/<project>/<environment>/images/<service>` that the pipelines' deploy (dev) and promote (prod) steps write, each an
 * image by digest (`<registry>/<repository>@sha256:<64 hex>`). Read once before any resource is registered, so
 * `pulumi up` of the environment rolls a delivered digest out through the Microservice component (stacks/apps.ts
 * decides the precedence: an explicit `appImages` pin, then the delivered digest, then the app's pinned public tag).
 */
import * as aws from "@pulumi/aws";
import { imageParameterName } from "../components/delivery/service-pipeline";
import { ConfigError, PlatformConfig } from "./config";

/** An image by digest, the only form a pipeline writes. */
export const DELIVERED_IMAGE = /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$/;

/** The images by service, from the parameters' names and values (pure): a value not by digest stops the program. */
export function parseDeliveredImages(path: string, names: readonly string[], values: readonly string[]): Record<string, string> {
    const images: Record<string, string> = {};
    const problems: string[] = [];
    names.forEach((name, i) => {
        const service = name.slice(path.length + 1);
        if (!service || service.includes("/")) return;
        if (DELIVERED_IMAGE.test(values[i])) images[service] = values[i];
        else problems.push(`SSM parameter ${name}: '${values[i]}' is not an image by digest (<registry>/<repository>@sha256:<64 hex>); rerun the service's pipeline or fix the parameter`);
    });
    if (problems.length) throw new ConfigError(problems);
    return images;
}

/** Read the environment's delivered images (an empty record before any pipeline ran). */
export async function deliveredImages(config: PlatformConfig): Promise<Record<string, string>> {
    const path = imageParameterName(config.project, config.environment, "").replace(/\/$/, "");
    const found = await aws.ssm.getParametersByPath({ path, recursive: false });
    return parseDeliveredImages(path, found.names ?? [], found.values ?? []);
}
