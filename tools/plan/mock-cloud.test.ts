import { expect } from "chai";
import { MockCloud, renderPolicyDocument } from "./mock-cloud";

describe("mock cloud", () => {
    const cloud = new MockCloud({ accountId: "123456789012", region: "eu-west-1", partition: "aws" });

    describe("resources", () => {
        it("gives AWS-shaped ids and ARNs with the partition, region, account and service", () => {
            const vpc = cloud.newResource({ type: "aws:ec2/vpc:Vpc", name: "net", inputs: { cidrBlock: "10.0.0.0/16" }, custom: true });
            expect(vpc.id).to.match(/^vpc-[0-9a-f]{17}$/);
            expect(vpc.state.arn).to.equal(`arn:aws:ec2:eu-west-1:123456789012:vpc/${vpc.id}`);
            expect(vpc.state.cidrBlock).to.equal("10.0.0.0/16");
            const key = cloud.newResource({ type: "aws:kms/key:Key", name: "k", inputs: {}, custom: true });
            expect(key.state.arn).to.match(/^arn:aws:kms:eu-west-1:123456789012:key\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
            expect(key.state.keyId).to.equal(key.id);
        });

        it("is deterministic: the same name gives the same id, another name another id", () => {
            const a = cloud.newResource({ type: "aws:ec2/subnet:Subnet", name: "s1", inputs: {}, custom: true });
            const b = cloud.newResource({ type: "aws:ec2/subnet:Subnet", name: "s1", inputs: {}, custom: true });
            const c = cloud.newResource({ type: "aws:ec2/subnet:Subnet", name: "s2", inputs: {}, custom: true });
            expect(a.id).to.equal(b.id);
            expect(a.id).to.not.equal(c.id);
        });

        it("autonames like the provider and keeps explicit names", () => {
            const auto = cloud.newResource({ type: "aws:cloudwatch/logGroup:LogGroup", name: "app", inputs: {}, custom: true });
            expect(auto.state.name).to.match(/^app-[0-9a-f]{7}$/);
            expect(auto.state.arn).to.equal(`arn:aws:logs:eu-west-1:123456789012:log-group:${auto.state.name}`);
            const named = cloud.newResource({ type: "aws:cloudwatch/logGroup:LogGroup", name: "app", inputs: { name: "/vpc/flow" }, custom: true });
            expect(named.state.arn).to.equal("arn:aws:logs:eu-west-1:123456789012:log-group:/vpc/flow");
        });

        it("gives global ARNs without a region and service endpoints with one", () => {
            const role = cloud.newResource({ type: "aws:iam/role:Role", name: "r", inputs: { name: "svc" }, custom: true });
            expect(role.state.arn).to.equal("arn:aws:iam::123456789012:role/svc");
            const bucket = cloud.newResource({ type: "aws:s3/bucket:Bucket", name: "b", inputs: { bucket: "assets" }, custom: true });
            expect(bucket.state.arn).to.equal("arn:aws:s3:::assets");
            expect(bucket.state.bucketRegionalDomainName).to.equal("assets.s3.eu-west-1.amazonaws.com");
            const queue = cloud.newResource({ type: "aws:sqs/queue:Queue", name: "q", inputs: { name: "orders" }, custom: true });
            expect(queue.state.url).to.equal("https://sqs.eu-west-1.amazonaws.com/123456789012/orders");
            const db = cloud.newResource({ type: "aws:rds/instance:Instance", name: "db", inputs: { identifier: "x", engine: "postgres" }, custom: true });
            expect(db.state.port).to.equal(5432);
            expect(db.state.endpoint).to.match(/\.eu-west-1\.rds\.amazonaws\.com:5432$/);
        });

        it("answers remote components with the outputs programs read (eks:index:Cluster kubeconfig)", () => {
            const c = cloud.newResource({ type: "eks:index:Cluster", name: "eks", inputs: { name: "shop" }, custom: false });
            const kube = c.state.kubeconfig as any;
            expect(kube.clusters[0].cluster.server).to.match(/^https:\/\/[A-Z0-9]{32}\.gr7\.eu-west-1\.eks\.amazonaws\.com$/);
            expect(kube.users[0].user.exec.args).to.include.members(["--cluster-name", "shop", "--region", "eu-west-1"]);
            expect(JSON.parse(c.state.kubeconfigJson as string)).to.deep.equal(kube);
            expect(c.id).to.equal(undefined);
        });

        it("names Kubernetes objects and keeps their namespace in the id", () => {
            const d = cloud.newResource({ type: "kubernetes:apps/v1:Deployment", name: "ui", inputs: { metadata: { namespace: "shop" } }, custom: true });
            expect((d.state.metadata as any).name).to.match(/^ui-[0-9a-f]{7}$/);
            expect(d.id).to.equal(`shop/${(d.state.metadata as any).name}`);
        });
    });

    describe("invokes", () => {
        it("answers identity, partition, region and zones for the stack's region", () => {
            expect(cloud.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {} }).accountId).to.equal("123456789012");
            expect(cloud.call({ token: "aws:index/getRegion:getRegion", inputs: {} }).name).to.equal("eu-west-1");
            const zones = cloud.call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {} }) as any;
            expect(zones.names.slice(0, 3)).to.deep.equal(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
            const cn = new MockCloud({ accountId: "123456789012", region: "cn-north-1", partition: "aws-cn" });
            expect(cn.call({ token: "aws:index/getPartition:getPartition", inputs: {} })).to.include({ partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" });
        });

        it("records invokes it has no answer for", () => {
            const c = new MockCloud({ accountId: "123456789012", region: "eu-west-1", partition: "aws" });
            expect(c.call({ token: "aws:foo/getBar:getBar", inputs: {} })).to.deep.equal({});
            expect([...c.unmockedInvokes]).to.deep.equal(["aws:foo/getBar:getBar"]);
        });

        it("renders aws.iam.getPolicyDocument to the JSON IAM receives", () => {
            const out = renderPolicyDocument({
                statements: [{
                    sid: "Read", effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"],
                    principals: [{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }],
                    conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] },
                        { test: "Bool", variable: "aws:SecureTransport", values: ["true"] }],
                }, { effect: "Deny", notActions: ["s3:*"], resources: ["*", "arn:aws:s3:::b"], principals: [{ type: "*", identifiers: ["*"] }] }],
            });
            expect(JSON.parse(out.json)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "Read", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:GetObject",
                        Resource: "arn:aws:s3:::b/*", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, Bool: { "aws:SecureTransport": "true" } },
                    },
                    { Effect: "Deny", Principal: "*", NotAction: "s3:*", Resource: ["*", "arn:aws:s3:::b"] },
                ],
            });
            expect(out.minifiedJson).to.equal(JSON.stringify(JSON.parse(out.json)));
        });
    });
});
