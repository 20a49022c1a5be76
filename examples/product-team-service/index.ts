/**
 * A product team's program: one microservice on the ecommerce platform. Everything the service needs from the
 * platform comes from the platform stack's outputs (a StackReference: the cluster, its kubeconfig, the workload
 * boundary, the VPC CIDR and what the service's needs resolve to); the components come from the platform's published
 * package. No platform resource is created or changed here.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Microservice } from "@ecommerce-platform/components/compute";
import { notificationsSpec } from "./notifications";

/** The part of the platform's `platformReferences` output this service reads (a stack output is plain JSON). */
interface ExportedReferences {
    queues: Record<string, { arn: string; url: string; name: string }>;
    keys: Record<string, { arn: string }>;
}

export = async () => {
    const config = new pulumi.Config();
    const platform = new pulumi.StackReference(config.require("platformStack"));
    const environment = await platform.getOutputValue("environment") as "dev" | "prod";
    const refs = platform.requireOutput("platformReferences") as pulumi.Output<ExportedReferences>;
    const queue = refs.apply((r) => r.queues["order-notifications"]);
    const text = (name: string) => platform.requireOutput(name).apply(String);

    const provider = new k8s.Provider("platform-cluster", { kubeconfig: platform.requireOutput("kubeconfig"), enableServerSideApply: true });
    const service = new Microservice("notifications", {
        spec: notificationsSpec({ repository: config.require("imageRepository"), tag: config.require("imageTag") }),
        environment,
        clusterName: text("clusterName"),
        permissionsBoundaryArn: text("workloadBoundaryArn"),
        vpcCidr: text("vpcCidr"),
        platform: {
            queues: {
                "order-notifications": {
                    arn: queue.apply((q) => q.arn),
                    url: queue.apply((q) => q.url),
                    name: queue.apply((q) => q.name),
                },
            },
            // The events key admits SQS among others; the service reaches it through SQS only.
            keys: { events: { arn: refs.apply((r) => r.keys.events.arn), viaServices: ["sqs"] } },
        },
        tags: { team: "notifications" },
    }, { providers: { kubernetes: provider } });

    return { serviceUrl: service.serviceUrl, roleArn: service.roleArn, namespace: service.namespace };
};
