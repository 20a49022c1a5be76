/**
 * What the in-cluster controllers (LoadBalancerController, ExternalSecrets) share: the checks of their common
 * arguments and how their Helm releases are installed. Not a component.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArgsChecker } from "../shared";

/** How every controller's Helm release is installed and upgraded. */
export const RELEASE_OPTIONS = {
    /** A failed install or upgrade is rolled back rather than left half-applied. */
    atomic: true,
    cleanupOnFail: true,
    maxHistory: 10,
    /** Seconds to wait for the release's workloads to become ready. */
    timeout: 600,
} as const;

/** A chart of a Helm repository, installed under its own name. */
export interface ChartRelease {
    repo: string;
    chart: string;
    version: string;
    namespace: pulumi.Input<string>;
    values: Record<string, unknown>;
}

/** A controller's Helm release (a plain resource: the plan records its chart, version and values). */
export function controllerRelease(name: string, r: ChartRelease, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(name, {
        name: r.chart,
        chart: r.chart,
        version: r.version,
        repositoryOpts: { repo: r.repo },
        namespace: r.namespace,
        values: r.values,
        ...RELEASE_OPTIONS,
    }, opts);
}

/** Checks of the arguments every controller has: cluster, region, pinned chart version, permissions boundary. */
export function checkControllerArgs(check: ArgsChecker,
    args: { clusterName: unknown; region: unknown; chartVersion: unknown; permissionsBoundaryArn: unknown }): void {
    check.require(args.clusterName !== undefined && args.clusterName !== "", "clusterName", args.clusterName, "required");
    check.require(typeof args.region === "string" && /^[a-z]{2}(-[a-z]+)+-\d$/.test(args.region), "region", args.region,
        "expected an AWS region such as eu-west-1");
    check.require(typeof args.chartVersion === "string" && /^\d+\.\d+\.\d+$/.test(args.chartVersion), "chartVersion", args.chartVersion,
        "expected a pinned chart version such as 3.5.0 (no ranges: every deployment installs the same chart)");
    check.require(args.permissionsBoundaryArn !== undefined && args.permissionsBoundaryArn !== "", "permissionsBoundaryArn",
        args.permissionsBoundaryArn, "every workload role carries the platform's permissions boundary");
}
