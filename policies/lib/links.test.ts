import { expect } from "chai";
import { knownIds, linkedFrom, linksTo, nameSegment, physicalName, refersTo } from "./links";
import { StackSubject } from "./rule";
import { UNKNOWN } from "./values";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const subject = (type: string, name: string, props: Record<string, any> = {}, propertyDependencies: Record<string, StackSubject[]> = {}): StackSubject =>
    ({ type, name, urn: `urn:pulumi:test::p::${type}::${name}`, props, opts: {} as any, dependencies: [], propertyDependencies });

describe("links between resources (lib/links)", () => {
    const web = subject(SG, "web", { id: "sg-web" });
    const other = subject(SG, "other", { id: "sg-other" });

    it("links through a property dependency on the target, whatever the value", () => {
        const lb = subject("aws:lb/loadBalancer:LoadBalancer", "lb", { securityGroups: [UNKNOWN] }, { securityGroups: [web] });
        expect(refersTo(lb, "securityGroups", web, ["sg-web"], { values: lb.props.securityGroups })).to.equal("linked");
        // The unknown came from the dependency, another group: it refers to that one, not maybe to this one.
        expect(refersTo(lb, "securityGroups", other, ["sg-other"], { values: lb.props.securityGroups })).to.equal(undefined);
    });

    it("links a known value equal to one of the target's ids, in a list when the caller passes its values", () => {
        const vm = subject("aws:ec2/instance:Instance", "vm", { vpcSecurityGroupIds: ["sg-x", "sg-web"] });
        expect(refersTo(vm, "vpcSecurityGroupIds", web, ["sg-web"], { values: vm.props.vpcSecurityGroupIds })).to.equal("linked");
        expect(refersTo(vm, "vpcSecurityGroupIds", other, ["sg-other"], { values: vm.props.vpcSecurityGroupIds })).to.equal(undefined);
        // By default the property itself is the one value compared: a list is not a string.
        expect(refersTo(vm, "vpcSecurityGroupIds", web, ["sg-web"])).to.equal(undefined);
    });

    it("returns maybe for an unknown (or interpolated unknown) value without a dependency on the target's kind", () => {
        const rule = subject("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "r", { securityGroupId: UNKNOWN });
        expect(refersTo(rule, "securityGroupId", web, ["sg-web"])).to.equal("maybe");
        const arn = subject("aws:wafv2/webAclAssociation:WebAclAssociation", "a", { resourceArn: `arn:aws:x:::${UNKNOWN}` });
        expect(linksTo([rule, arn], [arn.type], "resourceArn", web, [])).to.deep.equal({ linked: [], maybe: [arn] });
    });

    it("lists the resources of the given types that link to the target", () => {
        const a = subject("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "a", { securityGroupId: "sg-web" });
        const b = subject("aws:ec2/securityGroupRule:SecurityGroupRule", "b", { securityGroupId: "sg-web" });
        const c = subject("aws:ec2/securityGroupRule:SecurityGroupRule", "c", { securityGroupId: "sg-other" });
        expect(linksTo([a, b, c], [b.type], "securityGroupId", web, ["sg-web"])).to.deep.equal({ linked: [b], maybe: [] });
    });

    it("matches a value to an id by a given test: a queue URL or topic ARN names its target by the last segment", () => {
        const queue = subject("aws:sqs/queue:Queue", "orders", { name: "orders" });
        const policy = (queueUrl: string) => subject("aws:sqs/queuePolicy:QueuePolicy", "p", { queueUrl });
        expect(refersTo(policy("https://sqs.eu-west-1.amazonaws.com/123456789012/orders"), "queueUrl", queue, ["orders"], { matches: nameSegment })).to.equal("linked");
        expect(refersTo(policy("https://sqs.eu-west-1.amazonaws.com/123456789012/orders"), "queueUrl", queue, ["orders"])).to.equal(undefined);
        expect(refersTo(policy("https://sqs.eu-west-1.amazonaws.com/123456789012/old-orders"), "queueUrl", queue, ["orders"], { matches: nameSegment })).to.equal(undefined);
        expect(["arn:aws:sns:eu-west-1:1:orders", "orders", "x/orders", "xorders"].map((v) => nameSegment(v, "orders"))).to.deep.equal([true, true, true, false]);
    });

    it("collects what a property of resources of some types came from", () => {
        const lb = subject("aws:lb/loadBalancer:LoadBalancer", "lb");
        const stage = subject("aws:apigateway/stage:Stage", "stage");
        const assoc = (name: string, target: StackSubject) => subject("aws:wafv2/webAclAssociation:WebAclAssociation", name, { resourceArn: UNKNOWN }, { resourceArn: [target] });
        const other = subject("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", "log", {}, { resourceArn: [stage] });
        expect([...linkedFrom([lb, stage, assoc("a", lb), other], ["aws:wafv2/webAclAssociation:WebAclAssociation"], "resourceArn")]).to.deep.equal([lb.urn]);
    });

    it("names a resource by its known identifiers: known ids, else the physical name or the resource name", () => {
        const g = subject(SG, "g", { id: "sg-1", arn: UNKNOWN, name: "" });
        expect(knownIds(g, ["id", "arn", "name", "missing"])).to.deep.equal(["sg-1"]);
        expect(physicalName(subject("aws:secretsmanager/secret:Secret", "db", { name: "prod/db" }))).to.equal("prod/db");
        expect(physicalName(subject("aws:secretsmanager/secret:Secret", "db", { name: UNKNOWN }))).to.equal("db");
        expect(physicalName(subject("aws:s3/bucket:Bucket", "logs", { bucket: `logs-${UNKNOWN}` }), "bucket")).to.equal("logs");
        expect(physicalName(subject("aws:s3/bucket:Bucket", "logs", {}), "bucket")).to.equal("logs");
    });
});
