import { expect } from "chai";
import {
    AWS_REGIONS, cloudContextFor, MockCloud, partitionOf, regionInfo, renderPolicyDocument, UnknownRegionError, zoneIdPrefix,
} from "./mock-cloud";

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
            expect(auto.state.arn).to.equal(`arn:aws:logs:eu-west-1:123456789012:log-group:${String(auto.state.name)}`);
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

    describe("explicit providers and controllers", () => {
        it("puts a resource of an explicit aws provider in that provider's region (ARNs and getRegion)", () => {
            const c = new MockCloud({ accountId: "123456789012", region: "eu-west-1", partition: "aws" });
            const p = c.newResource({ type: "pulumi:providers:aws", name: "use1", inputs: { region: "us-east-1" }, custom: true });
            const ref = `urn:pulumi:dev::shop::pulumi:providers:aws::use1::${p.id}`;
            const key = c.newResource({ type: "aws:kms/key:Key", name: "k", inputs: {}, custom: true, provider: ref });
            expect(String(key.state.arn)).to.match(/^arn:aws:kms:us-east-1:123456789012:key\//);
            expect(c.call({ token: "aws:index/getRegion:getRegion", inputs: {}, provider: ref }).region).to.equal("us-east-1");
            expect(c.call({ token: "aws:index/getRegion:getRegion", inputs: {} }).region).to.equal("eu-west-1");
            const acl = c.newResource({ type: "aws:wafv2/webAcl:WebAcl", name: "cf", inputs: { name: "cf", scope: "CLOUDFRONT" }, custom: true, provider: ref });
            expect(String(acl.state.arn)).to.match(/^arn:aws:wafv2:us-east-1:123456789012:global\/webacl\/cf\//);
        });

        it("gives an ALB Ingress its load balancer's address on up (one per IngressGroup), none in preview", () => {
            const c = new MockCloud({ accountId: "123456789012", region: "eu-west-1", partition: "aws" });
            const ingress = (name: string, group: string) => c.newResource({ type: "kubernetes:networking.k8s.io/v1:Ingress", name, custom: true, inputs: {
                metadata: { name, namespace: name, annotations: { "alb.ingress.kubernetes.io/group.name": group, "alb.ingress.kubernetes.io/scheme": "internet-facing" } } } });
            const host = (r: { state: Record<string, unknown> }) => (r.state.status as any).loadBalancer.ingress[0].hostname as string;
            expect(host(ingress("ui", "shop"))).to.match(/^k8s-shop-[0-9a-f]{10}-\d+\.eu-west-1\.elb\.amazonaws\.com$/);
            expect(host(ingress("ui", "shop")).split("-").slice(0, 3)).to.deep.equal(host(ingress("admin", "shop")).split("-").slice(0, 3));
            const preview = new MockCloud({ accountId: "123456789012", region: "eu-west-1", partition: "aws" }, { preview: true });
            expect(preview.newResource({ type: "kubernetes:networking.k8s.io/v1:Ingress", name: "ui", custom: true, inputs: { metadata: { name: "ui" } } }).state.status).to.equal(undefined);
        });
    });

    describe("invokes", () => {
        it("answers identity, partition, region and zones for the stack's region", () => {
            expect(cloud.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {} }).accountId).to.equal("123456789012");
            expect(cloud.call({ token: "aws:index/getRegion:getRegion", inputs: {} })).to.deep.equal({
                region: "eu-west-1", name: "eu-west-1", id: "eu-west-1", description: "Europe (Ireland)", endpoint: "ec2.eu-west-1.amazonaws.com",
            });
            const zones = cloud.call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: { state: "available" } }) as any;
            expect(zones.names).to.deep.equal(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
            expect(zones.zoneIds).to.deep.equal(["euw1-az1", "euw1-az2", "euw1-az3"]);
            expect(zones.region).to.equal("eu-west-1");
            expect(cloud.call({ token: "aws:index/getPartition:getPartition", inputs: {} }))
                .to.include({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" });
        });
    });

    describe("regions", () => {
        const zonesOf = (region: string, inputs: Record<string, unknown> = {}) => new MockCloud(cloudContextFor(region, "123456789012"))
            .call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs }) as { names: string[]; zoneIds: string[] };

        it("us-east-1 has six zones, eu-west-1 three, us-west-2 four, us-west-1 two (a and c)", () => {
            expect(zonesOf("us-east-1").names).to.deep.equal(["a", "b", "c", "d", "e", "f"].map((l) => `us-east-1${l}`));
            expect(zonesOf("us-east-1").zoneIds).to.deep.equal([1, 2, 3, 4, 5, 6].map((n) => `use1-az${n}`));
            expect(zonesOf("eu-west-1").names).to.have.length(3);
            expect(zonesOf("us-west-2").names).to.deep.equal(["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"]);
            expect(zonesOf("us-west-1")).to.deep.include({ names: ["us-west-1a", "us-west-1c"], zoneIds: ["usw1-az1", "usw1-az3"] });
        });
        it("keeps the zone letters new accounts see where a letter is missing", () => {
            expect(zonesOf("ap-northeast-1").names).to.deep.equal(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
            expect(zonesOf("ca-central-1").names).to.deep.equal(["ca-central-1a", "ca-central-1b", "ca-central-1d"]);
            expect(zonesOf("ap-northeast-2").names).to.have.length(4);
        });
        it("applies excludeNames, excludeZoneIds and a state other than available", () => {
            expect(zonesOf("us-east-1", { excludeNames: ["us-east-1e"], excludeZoneIds: ["use1-az1"] }).names)
                .to.deep.equal(["us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"]);
            expect(zonesOf("eu-west-1", { state: "impaired" }).names).to.deep.equal([]);
        });
        it("knows every commercial, China and GovCloud region, each with zone ids shaped as AWS shapes them", () => {
            for (const r of ["ap-southeast-5", "ap-southeast-7", "mx-central-1", "ca-west-1", "il-central-1", "me-central-1", "ap-east-2", "sa-east-1", "eu-central-1"]) {
                expect(regionInfo(r).zoneNames, r).to.have.length(3);
            }
            expect(Object.keys(AWS_REGIONS).length).to.be.at.least(38);
            for (const region of Object.keys(AWS_REGIONS)) {
                const info = regionInfo(region);
                expect(info.zoneIds, region).to.have.length(info.zoneNames.length);
                expect(info.zoneNames.length, region).to.be.within(2, 6);
                for (const n of info.zoneNames) expect(n, region).to.match(new RegExp(`^${region}[a-f]$`));
                for (const id of info.zoneIds) expect(id, region).to.match(/^[a-z]+\d-az\d$/);
                expect(new Set(info.zoneIds).size, region).to.equal(info.zoneIds.length);
            }
            expect(["us-east-1", "ap-southeast-2", "ap-northeast-1", "cn-northwest-1", "us-gov-west-1", "me-central-1", "af-south-1"].map(zoneIdPrefix))
                .to.deep.equal(["use1", "apse2", "apne1", "cnnw1", "usgw1", "mec1", "afs1"]);
        });
        it("China regions are in aws-cn with the amazonaws.com.cn suffix; resources there get aws-cn ARNs and endpoints", () => {
            for (const r of ["cn-north-1", "cn-northwest-1"]) expect(regionInfo(r)).to.include({ partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" });
            const cn = new MockCloud(cloudContextFor("cn-north-1", "123456789012"));
            expect(cn.ctx.partition).to.equal("aws-cn");
            expect(cn.call({ token: "aws:index/getPartition:getPartition", inputs: {} }))
                .to.include({ partition: "aws-cn", dnsSuffix: "amazonaws.com.cn", reverseDnsPrefix: "cn.com.amazonaws" });
            expect(cn.call({ token: "aws:index/getRegion:getRegion", inputs: {} })).to.include({ region: "cn-north-1", endpoint: "ec2.cn-north-1.amazonaws.com.cn" });
            const key = cn.newResource({ type: "aws:kms/key:Key", name: "k", inputs: {}, custom: true });
            expect(key.state.arn).to.match(/^arn:aws-cn:kms:cn-north-1:123456789012:key\//);
            const role = cn.newResource({ type: "aws:iam/role:Role", name: "r", inputs: { name: "svc" }, custom: true });
            expect(role.state.arn).to.equal("arn:aws-cn:iam::123456789012:role/svc");
            const queue = cn.newResource({ type: "aws:sqs/queue:Queue", name: "q", inputs: { name: "orders" }, custom: true });
            expect(queue.state.url).to.equal("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/orders");
            expect(cn.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {} }).arn).to.match(/^arn:aws-cn:sts::/);
        });
        it("GovCloud regions are in aws-us-gov; resources there get aws-us-gov ARNs", () => {
            expect(partitionOf("us-gov-west-1")).to.equal("aws-us-gov");
            expect(partitionOf("us-gov-east-1")).to.equal("aws-us-gov");
            const gov = new MockCloud(cloudContextFor("us-gov-east-1", "123456789012"));
            expect(gov.call({ token: "aws:index/getPartition:getPartition", inputs: {} })).to.include({ partition: "aws-us-gov", dnsSuffix: "amazonaws.com" });
            expect((gov.call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {} }) as any).zoneIds)
                .to.deep.equal(["usge1-az1", "usge1-az2", "usge1-az3"]);
            const vpc = gov.newResource({ type: "aws:ec2/vpc:Vpc", name: "net", inputs: {}, custom: true });
            expect(vpc.state.arn).to.equal(`arn:aws-us-gov:ec2:us-gov-east-1:123456789012:vpc/${vpc.id}`);
        });
        it("partitionOf follows the name for a region the table does not know", () => {
            expect(["cn-south-9", "us-gov-north-9", "eu-west-9"].map(partitionOf)).to.deep.equal(["aws-cn", "aws-us-gov", "aws"]);
        });
        it("getRegion answers for another region given as `region`", () => {
            expect(cloud.call({ token: "aws:index/getRegion:getRegion", inputs: { region: "us-gov-west-1" } }))
                .to.include({ region: "us-gov-west-1", name: "us-gov-west-1", description: "AWS GovCloud (US-West)" });
        });
        it("an unknown region fails every aws invoke, naming the region and listing the known ones", () => {
            const bad = new MockCloud({ accountId: "123456789012", region: "eu-west-9", partition: "aws" });
            for (const token of ["aws:index/getAvailabilityZones:getAvailabilityZones", "aws:index/getRegion:getRegion", "aws:index/getPartition:getPartition"]) {
                let error: unknown;
                try { bad.call({ token, inputs: {} }); } catch (e) { error = e; }
                expect(error, token).to.be.instanceOf(UnknownRegionError);
                const message = (error as Error).message;
                expect(message).to.match(/^invalid AWS Region: 'eu-west-9' is not an AWS region; known regions: af-south-1, ap-east-1, /);
                expect(message).to.include("eu-west-1, eu-west-2").and.include("us-gov-west-1");
                // The SDK rethrows an invoke failure with the engine's `details`: the message must be there.
                expect((error as any).details).to.equal(message);
            }
            expect(() => cloud.call({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: { region: "mars-1" } })).to.throw(UnknownRegionError, "'mars-1'");
            expect(() => regionInfo("toString")).to.throw(UnknownRegionError);
            expect(() => cloudContextFor("eu-west-9", "123456789012")).to.throw(UnknownRegionError, "'eu-west-9'");
        });
        it("refuses a context whose partition is not its region's", () => {
            expect(() => new MockCloud({ accountId: "123456789012", region: "cn-north-1", partition: "aws" }))
                .to.throw("MockCloud: region cn-north-1 is in partition aws-cn, not aws");
        });
    });

    describe("session context", () => {
        it("gives the role behind an assumed-role ARN, as the deploying principal", () => {
            const identity = cloud.call({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {} }) as any;
            const ctx = cloud.call({ token: "aws:iam/getSessionContext:getSessionContext", inputs: { arn: identity.arn } }) as any;
            expect(ctx).to.include({
                arn: "arn:aws:sts::123456789012:assumed-role/planner/offline",
                issuerArn: "arn:aws:iam::123456789012:role/planner", issuerName: "planner", sessionName: "offline",
            });
            expect(ctx.issuerId).to.match(/^AROA[A-Z0-9]{17}$/);
            expect(identity.userId).to.equal(`${ctx.issuerId}:offline`);
        });
        it("passes any other ARN through, and rejects what is not an ARN", () => {
            const user = "arn:aws:iam::123456789012:user/alice";
            expect(cloud.call({ token: "aws:iam/getSessionContext:getSessionContext", inputs: { arn: user } }))
                .to.include({ issuerArn: user, issuerName: "", sessionName: "", issuerId: "" });
            expect(() => cloud.call({ token: "aws:iam/getSessionContext:getSessionContext", inputs: { arn: "planner" } }))
                .to.throw("getSessionContext: 'planner' is not an ARN");
        });
    });

    describe("other invokes", () => {
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
