/**
 * Benchmark program: the real platform (network + keys, prod settings) plus N synthetic service units of ~12
 * resources each (role, policy, log group, queue + DLQ, table, secret, repository, security group, alarms), which is
 * the order of what the Microservice component will create. Used by tools/bench.ts to measure how planning scales.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parsePlatformConfig } from "../../../stacks/config";
import { createPlatform } from "../../../stacks/platform";
import { stackConfig } from "../../testing/stacks";

const services = new pulumi.Config().requireNumber("services");
// The platform with the prod stack's settings, read from Pulumi.prod.yaml as the engine merges it.
const platform = createPlatform(parsePlatformConfig(stackConfig("prod"), "bench"));

class ServiceUnit extends pulumi.ComponentResource {
    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("bench:index:ServiceUnit", name, {}, opts);
        const p = { parent: this };
        const role = new aws.iam.Role(`${name}-role`, {
            assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }] }),
        }, p);
        const logs = new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: 365, kmsKeyId: platform.security.keyArn("logs") }, p);
        const dlq = new aws.sqs.Queue(`${name}-dlq`, { kmsMasterKeyId: platform.security.keyArn("events") }, p);
        const queue = new aws.sqs.Queue(`${name}-queue`, {
            kmsMasterKeyId: platform.security.keyArn("events"),
            redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }),
        }, p);
        const table = new aws.dynamodb.Table(`${name}-table`, {
            billingMode: "PAY_PER_REQUEST", hashKey: "id", attributes: [{ name: "id", type: "S" }],
            serverSideEncryption: { enabled: true, kmsKeyArn: platform.security.keyArn("carts") }, pointInTimeRecovery: { enabled: true },
        }, p);
        const secret = new aws.secretsmanager.Secret(`${name}-secret`, { kmsKeyId: platform.security.keyArn("secrets") }, p);
        new aws.ecr.Repository(`${name}-repo`, { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true } }, p);
        new aws.ec2.SecurityGroup(`${name}-sg`, { vpcId: platform.network.vpc.vpcId, description: `${name} pods` }, p);
        new aws.iam.RolePolicy(`${name}-policy`, {
            role: role.id,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    { Effect: "Allow", Action: ["sqs:SendMessage", "sqs:GetQueueUrl"], Resource: queue.arn },
                    { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"], Resource: table.arn },
                    { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secret.arn },
                ],
            }),
        }, p);
        for (const metric of ["errors", "latency"]) {
            new aws.cloudwatch.MetricAlarm(`${name}-${metric}`, {
                comparisonOperator: "GreaterThanThreshold", evaluationPeriods: 3, threshold: 1, period: 60,
                metricName: metric, namespace: "Bench", statistic: "Sum", dimensions: { LogGroup: logs.name },
            }, p);
        }
        this.registerOutputs({});
    }
}

for (let i = 0; i < services; i++) new ServiceUnit(`svc-${i}`);
