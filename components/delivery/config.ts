/**
 * The delivery layer's config keys (Pulumi config `ecommerce-platform:<key>`, declared in Pulumi.yaml). Limits are the
 * components' own constants.
 */
import { z } from "zod";
import { ConfigOf, intFromText, mapFromText, objectFromText, oneOf } from "../shared";
import { IMAGE_RETENTION } from "./image-repository";

/** What a stack's delivery layer builds: nothing, or a repository, build and pipeline per service. */
export const DELIVERY_MODES = ["off", "pipelines"] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
/** Where a service's code lives. */
export const SOURCE_PROVIDERS = ["codeconnections", "codecommit"] as const;

export const deliveryConfig = {
    delivery: oneOf(DELIVERY_MODES),
    sourceRepositories: mapFromText(objectFromText({
        provider: oneOf(SOURCE_PROVIDERS),
        repository: z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)?$/, "must be 'owner/name' (codeconnections) or a CodeCommit repository name"),
        branch: z.string().regex(/^[A-Za-z0-9._/-]{1,255}$/, "must be a branch name"),
    })),
    imageRetention: intFromText(IMAGE_RETENTION.min, IMAGE_RETENTION.max),
};

export type DeliveryConfig = ConfigOf<typeof deliveryConfig>;
