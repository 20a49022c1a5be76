/**
 * A product team's program: one microservice on the ecommerce platform. Everything the service needs from the
 * platform comes from the platform stack's outputs (a StackReference: the cluster, its kubeconfig, the workload
 * boundary, the VPC CIDR and what the service's needs resolve to); the components come from the platform's published
 * package. No platform resource is created or changed here.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Microservice, PlatformReferences } from "@ecommerce-platform/components/compute";
import { notificationsSpec } from "./notifications";

export = async () => {
    const config = new pulumi.Config();
    const platform = new pulumi.StackReference(config.require("platformStack"));
    const environment = await platform.getOutputValue("environment") as "dev" | "prod";
    const refs = platform.requireOutput("platformReferences") as pulumi.Output<PlatformReferences>;
    const queue = refs.apply((r) => r.queues?.["order-notifications"]);
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
                    arn: queue.apply((q) => String(q?.arn)),
                    url: queue.apply((q) => String(q?.url)),
                    name: queue.apply((q) => String(q?.name)),
                },
            },
            // The events key admits SQS among others; the service reaches it through SQS only.
            keys: { events: { arn: refs.apply((r) => String(r.keys?.events?.arn)), viaServices: ["sqs"] } },
        },
        tags: { team: "notifications" },
    }, { providers: { kubernetes: provider } });

    return { serviceUrl: service.serviceUrl, roleArn: service.roleArn, namespace: service.namespace };
};
