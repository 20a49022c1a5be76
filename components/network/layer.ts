/**
 * NetworkLayer (`platform:network:NetworkLayer`): the network layer of the platform, composed from the layer's config:
 * one Vpc (three subnet tiers, NAT, flow logs, endpoints). It takes from the other layers only what it needs: the key
 * that encrypts its flow logs.
 */
import * as pulumi from "@pulumi/pulumi";
import { Tags } from "../shared";
import { NetworkConfig } from "./config";
import { Vpc } from "./vpc";

export interface NetworkLayerArgs {
    /** The layer's config (keys vpcCidr, availabilityZones, natGateways, interfaceEndpoints, flowLogTrafficType). */
    config: NetworkConfig;
    /** Prefix of physical names that must be unique per stack, `<project>-<stack>` (the flow-log group's name). */
    namePrefix: string;
    /** The KMS key that encrypts the flow logs (the security layer's `logs` key). */
    logsKeyArn: pulumi.Input<string>;
    /** Days to keep the flow logs; a CloudWatch retention value. */
    logRetentionDays: number;
    /** Set `protect` on the stateful resources (the flow-log group). */
    protect: boolean;
    /** Tags merged into every taggable child. */
    tags?: Tags;
}

export class NetworkLayer extends pulumi.ComponentResource {
    /** The VPC and its subnets, by tier. */
    readonly vpc: Vpc;

    constructor(name: string, args: NetworkLayerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:network:NetworkLayer", name, {}, opts);
        this.vpc = new Vpc(`${name}-net`, {
            cidrBlock: args.config.vpcCidr,
            availabilityZoneCount: args.config.availabilityZones,
            natGateways: args.config.natGateways,
            interfaceEndpoints: args.config.interfaceEndpoints,
            flowLogs: {
                logGroupName: `/vpc/${args.namePrefix}-net/flow-logs`,
                kmsKeyArn: args.logsKeyArn,
                retentionInDays: args.logRetentionDays,
                trafficType: args.config.flowLogTrafficType,
            },
            protect: args.protect,
            tags: args.tags,
        }, {
            parent: this,
            // Before the layers, this VPC was `platform:vpc:Network` at the stack's root. The alias (and the aliases
            // the engine derives from it for every child) keeps each URN, so nothing is replaced.
            aliases: [{ type: "platform:vpc:Network", parent: pulumi.rootStackResource }],
        });
        this.registerOutputs({ vpcId: this.vpc.vpcId });
    }
}
