/**
 * What every child of a component is created with: its parent and the component's name (children's names derive
 * from it), the component's tags merged with the child's, and the account, partition and region of the stack (from
 * the provider's invokes, so ARNs are known before any resource exists). Components extend it with their own facts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { mergeTags, Tags } from "./tags";

export interface ComponentContext {
    parent: pulumi.Resource;
    name: string;
    /** The component's tags merged with the child's own (the child's win). */
    tags(extra: Record<string, pulumi.Input<string>>): pulumi.Output<Record<string, string>>;
    accountId: pulumi.Output<string>;
    partition: pulumi.Output<string>;
    region: pulumi.Output<string>;
}

export function componentContext(parent: pulumi.Resource, name: string, tags: Tags | undefined): ComponentContext {
    const opts = { parent };
    return {
        parent, name,
        tags: (extra) => mergeTags(tags, extra),
        accountId: aws.getCallerIdentityOutput({}, opts).accountId,
        partition: aws.getPartitionOutput({}, opts).partition,
        region: aws.getRegionOutput({}, opts).region,
    };
}
