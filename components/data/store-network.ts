/**
 * The network side every data store in the VPC shares (RelationalDatabase, RedisCache, SearchDomain): where it lives
 * (the isolated subnets) and who may reach it. Each store gets two security groups:
 *
 * - `<name>`: the store's own, attached to the store. Ingress on the store's port from the clients group only; no
 *   egress (a store never opens connections).
 * - `<name>-clients`: the group a workload joins to reach the store. It has no ingress and one egress rule, to the
 *   store's group on the store's port. The Microservice component puts the pods of each service that declared a need
 *   for the store in this group (EKS security groups for pods: a SecurityGroupPolicy per service), so the store is
 *   open to exactly the workloads that declared the need, not to every node of the cluster.
 *
 * Rules are separate `aws.vpc.SecurityGroupIngressRule` / `SecurityGroupEgressRule` resources (what @pulumi/aws 7
 * recommends: each rule is its own resource with its own id and tags, and in-line rules are not mixed with them).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EndpointReference } from "../compute/needs-policy";
import { ArgsChecker, ComponentContext, isValidCidr } from "../shared";

/** Where a store lives: the VPC's isolated subnets (no route to or from the internet). */
export interface StoreNetworkArgs {
    /** The VPC's id. */
    vpcId: pulumi.Input<string>;
    /** The isolated subnets' ids, one per zone (at least two: RDS and ElastiCache subnet groups span two zones). */
    subnetIds: pulumi.Input<string>[];
    /**
     * The same subnets' CIDR blocks: the destinations of the Kubernetes NetworkPolicy egress of the workloads that
     * reach the store (EndpointReference.cidrBlocks).
     */
    subnetCidrBlocks: string[];
}

/** The store's security group and the group its clients join. */
export interface StoreSecurityGroups {
    /** Attached to the store: ingress from `clients` on the port, nothing else. */
    store: aws.ec2.SecurityGroup;
    /** Joined by the workloads that may reach the store: egress to `store` on the port, nothing else. */
    clients: aws.ec2.SecurityGroup;
}

/** Check StoreNetworkArgs into a component's checker (field names prefixed with `network.`). */
export function checkStoreNetwork(check: ArgsChecker, network: StoreNetworkArgs | undefined): void {
    check.require(network !== undefined && network.vpcId !== undefined && network.vpcId !== "", "network.vpcId", network?.vpcId, "expected the VPC's id");
    const ids = network?.subnetIds;
    check.require(Array.isArray(ids) && ids.length >= 2, "network.subnetIds", ids, "expected the isolated subnets' ids, at least two (two zones)");
    const cidrs = network?.subnetCidrBlocks;
    check.require(Array.isArray(cidrs) && cidrs.length >= 1 && cidrs.every((c) => typeof c === "string" && isValidCidr(c)),
        "network.subnetCidrBlocks", cidrs, "expected the isolated subnets' IPv4 CIDR blocks");
}

/**
 * The store's security group and its clients' group (module doc). `what` names the store in the groups' descriptions
 * (`PostgreSQL orders`); `port` is the store's TCP port.
 */
export function storeSecurityGroups(ctx: ComponentContext, vpcId: pulumi.Input<string>, what: string, port: number): StoreSecurityGroups {
    const opts = { parent: ctx.parent };
    const store = new aws.ec2.SecurityGroup(ctx.name, {
        vpcId,
        description: `${what}: reachable on ${port} from its clients group only`,
        tags: ctx.tags({ Name: ctx.name }),
    }, opts);
    const clients = new aws.ec2.SecurityGroup(`${ctx.name}-clients`, {
        vpcId,
        description: `Workloads allowed to reach ${what} on ${port}`,
        tags: ctx.tags({ Name: `${ctx.name}-clients` }),
    }, opts);
    new aws.vpc.SecurityGroupIngressRule(`${ctx.name}-from-clients`, {
        securityGroupId: store.id,
        referencedSecurityGroupId: clients.id,
        ipProtocol: "tcp", fromPort: port, toPort: port,
        description: `${what} from its clients`,
        tags: ctx.tags({ Name: `${ctx.name}-from-clients` }),
    }, opts);
    new aws.vpc.SecurityGroupEgressRule(`${ctx.name}-clients-to-store`, {
        securityGroupId: clients.id,
        referencedSecurityGroupId: store.id,
        ipProtocol: "tcp", fromPort: port, toPort: port,
        description: `Clients to ${what}`,
        tags: ctx.tags({ Name: `${ctx.name}-clients-to-store` }),
    }, opts);
    return { store, clients };
}

/** The EndpointReference a Microservice's `database`/`cache`/`search` need resolves to. */
export function endpointReference(host: pulumi.Input<string>, port: number, network: StoreNetworkArgs, groups: StoreSecurityGroups,
    credentialsSecretId?: pulumi.Input<string>): EndpointReference {
    return {
        host, port,
        cidrBlocks: [...network.subnetCidrBlocks],
        clientSecurityGroupId: groups.clients.id,
        ...(credentialsSecretId !== undefined ? { credentialsSecretId } : {}),
    };
}
