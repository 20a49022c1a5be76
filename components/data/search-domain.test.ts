import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { PlanResource, recordProgram, SECRET_MASK } from "../../tools/plan/recorder";
import {
    autoTuneSupported, planZones, SEARCH_ENGINE_VERSION, SEARCH_LOG_TYPES, SEARCH_TLS_POLICY, searchAccessPolicy, SearchDomain,
    SearchDomainArgs, searchLogPolicy, validateSearchDomainArgs,
} from "./search-domain";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const key = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
const SEARCH_KEY = key("22222222-0000-4000-a000-000000000001");
const LOGS_KEY = key("22222222-0000-4000-a000-000000000002");
const SECRETS_KEY = key("22222222-0000-4000-a000-000000000003");
const DOMAIN_ARN = `arn:aws:es:${REGION}:${ACCOUNT}:domain/dev-products`;

const T = {
    domain: "aws:opensearch/domain:Domain",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    logPolicy: "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
    password: "random:index/randomPassword:RandomPassword",
};

function args(over: Partial<SearchDomainArgs> = {}): SearchDomainArgs {
    return {
        domainName: "dev-products",
        engineVersion: SEARCH_ENGINE_VERSION,
        network: { vpcId: "vpc-0123", subnetIds: ["subnet-iso-a", "subnet-iso-b", "subnet-iso-c"], subnetCidrBlocks: ["10.20.160.0/22", "10.20.164.0/22", "10.20.168.0/22"] },
        instanceType: "t3.medium.search",
        instanceCount: 1,
        zoneAwareness: false,
        volumeSizeGiB: 20,
        kmsKeyArn: SEARCH_KEY,
        logs: { kmsKeyArn: LOGS_KEY, retentionInDays: 30 },
        masterUserName: "catalog-admin",
        secretsKeyArn: SECRETS_KEY,
        secretName: "ecommerce-platform-dev/search/products",
        tags: { Team: "platform" },
        ...over,
    };
}

const PROD: Partial<SearchDomainArgs> = {
    domainName: "prod-products", instanceType: "r7g.large.search", instanceCount: 3, zoneAwareness: true,
    dedicatedMasterType: "m7g.large.search", volumeSizeGiB: 100, secretName: "ecommerce-platform-prod/search/products", protect: true,
};

async function build(a: SearchDomainArgs, preview = false) {
    let component: SearchDomain | undefined;
    let secretFlags: boolean[] = [];
    const rec = await recordProgram(async () => {
        component = new SearchDomain("ecommerce-platform-dev-products", a);
        secretFlags = [await pulumi.isSecret(component.secretArn), await pulumi.isSecret(component.endpoint)];
        return {
            endpoint: component.endpoint, secretArn: component.secretArn, host: component.reference.host, port: component.reference.port,
            cidrBlocks: component.reference.cidrBlocks, clients: component.reference.clientSecurityGroupId,
            credentials: component.reference.credentialsSecretId,
        };
    }, { project: "ecommerce-platform", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT), preview });
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    const one = (type: string): PlanResource => {
        const found = of(type);
        expect(found, type).to.have.length(1);
        return found[0];
    };
    return { rec, of, one, outputs: rec.outputs, secretFlags };
}

function problems(a: unknown): string[] {
    try {
        validateSearchDomainArgs(a as SearchDomainArgs);
    } catch (e) {
        expect(e).to.be.instanceOf(ComponentArgsError);
        return [...(e as ComponentArgsError).problems];
    }
    return [];
}

describe("data/SearchDomain", () => {
    describe("validation", () => {
        it("accepts dev- and prod-shaped arguments", () => {
            expect(problems(args())).to.deep.equal([]);
            expect(problems(args(PROD))).to.deep.equal([]);
        });
        it("refuses domain names AWS refuses, naming the field, the value and the rule", () => {
            expect(problems(args({ domainName: "ecommerce-platform-prod-products" }))).to.deep.equal([
                "domainName: 'ecommerce-platform-prod-products' is not allowed; expected 3-28 lowercase letters, digits or '-', starting with a letter (an OpenSearch domain name)",
            ]);
            expect(problems(args({ domainName: "9products" }))).to.have.length(1);
            expect(problems(args({ domainName: "ab" }))).to.have.length(1);
            expect(problems(args({ domainName: "Products" }))).to.have.length(1);
        });
        it("refuses Elasticsearch and OpenSearch engines older than 2.19", () => {
            expect(problems(args({ engineVersion: "Elasticsearch_7.10" }))).to.deep.equal([
                `engineVersion: 'Elasticsearch_7.10' is not allowed; expected OpenSearch_<major>.<minor>, 2.19 or newer, such as ${SEARCH_ENGINE_VERSION}`,
            ]);
            expect(problems(args({ engineVersion: "OpenSearch_2.17" }))).to.have.length(1);
            expect(problems(args({ engineVersion: "OpenSearch_2.19" }))).to.deep.equal([]);
            expect(problems(args({ engineVersion: "OpenSearch_3.3" }))).to.deep.equal([]);
        });
        it("refuses t2 instance types and malformed ones", () => {
            expect(problems(args({ instanceType: "t2.small.search", dedicatedMasterType: "m7g.large" }))).to.deep.equal([
                "instanceType: 't2.small.search' is not allowed; t2 instance types support neither encryption at rest nor fine-grained access control; use t3 or larger",
                "dedicatedMasterType: 'm7g.large' is not allowed; expected an OpenSearch instance type such as r7g.large.search",
            ]);
        });
        it("wants as many data nodes in each zone when zone-aware", () => {
            expect(problems(args({ ...PROD, instanceCount: 4 }))).to.deep.equal([
                "instanceCount: '4' is not allowed; with zoneAwareness over 3 zones, expected a multiple of 3 (the same number of data nodes in each zone)",
            ]);
            const twoZones = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], subnetCidrBlocks: ["10.0.0.0/24", "10.0.1.0/24"] };
            expect(problems(args({ ...PROD, network: twoZones, instanceCount: 3 }))).to.deep.equal([
                "instanceCount: '3' is not allowed; with zoneAwareness over 2 zones, expected a multiple of 2 (the same number of data nodes in each zone)",
            ]);
            expect(problems(args({ ...PROD, network: twoZones, instanceCount: 4 }))).to.deep.equal([]);
        });
        it("names every bad field at once: keys, logs, user, secret name, volume, network", () => {
            expect(problems(args({
                kmsKeyArn: "", secretsKeyArn: undefined as unknown as string, logs: { kmsKeyArn: LOGS_KEY, retentionInDays: 10 },
                masterUserName: "admin user", secretName: "bad name!", volumeSizeGiB: 5, instanceCount: 0,
                network: { vpcId: "vpc-1", subnetIds: ["subnet-a"], subnetCidrBlocks: ["10.0.0.0/24"] },
            }))).to.deep.equal([
                "network.subnetIds: '[\"subnet-a\"]' is not allowed; expected the isolated subnets' ids, at least two (two zones)",
                "instanceCount: '0' is not allowed; expected a whole number from 1 to 80",
                "volumeSizeGiB: '5' is not allowed; expected a whole number from 10 to 16384",
                "kmsKeyArn: '' is not allowed; a customer-managed KMS key ARN is required",
                "secretsKeyArn: (missing) is not allowed; a customer-managed KMS key ARN is required",
                "logs.retentionInDays: '10' is not allowed; expected a CloudWatch retention period: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
                "masterUserName: 'admin user' is not allowed; expected 1-16 letters, digits, '_' or '-', starting with a letter",
                "secretName: 'bad name!' is not allowed; expected a Secrets Manager name: 1-512 letters, digits or /_+=.@-, such as <project>-<stack>/search/products",
            ]);
        });
        it("registers nothing, not even the component, when an argument is wrong", async () => {
            let error: unknown;
            const rec = await recordProgram(() => {
                try { new SearchDomain("bad", args({ domainName: "x" })); } catch (e) { error = e; }
            }, { project: "ecommerce-platform", stack: "dev", config: { "aws:region": REGION }, cloud: cloudContextFor(REGION, ACCOUNT) });
            expect((error as Error).message).to.match(/^SearchDomain: invalid arguments:\n {2}- domainName: 'x' is not allowed/);
            expect(rec.resources.map((r) => r.type)).to.deep.equal(["pulumi:pulumi:Stack"]);
        });
    });

    describe("pure parts", () => {
        it("uses one subnet without zone awareness, two or three zones with it", () => {
            const net = (n: number) => ({ vpcId: "v", subnetIds: Array.from({ length: n }, (_, i) => `s-${i}`), subnetCidrBlocks: [] });
            expect(planZones({ zoneAwareness: false, network: net(3) })).to.deep.equal({ subnets: 1 });
            expect(planZones({ zoneAwareness: true, network: net(2) })).to.deep.equal({ subnets: 2, zoneCount: 2 });
            expect(planZones({ zoneAwareness: true, network: net(6) })).to.deep.equal({ subnets: 3, zoneCount: 3 });
        });
        it("lets unsigned requests through to FGAC on the domain's subresources only", () => {
            expect(searchAccessPolicy(DOMAIN_ARN)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [{ Sid: "FineGrainedAccessControlAuthenticates", Effect: "Allow", Principal: { AWS: "*" }, Action: "es:ESHttp*", Resource: `${DOMAIN_ARN}/*` }],
            });
        });
        it("lets OpenSearch write only to the domain's log groups, for this domain of this account", () => {
            const doc = searchLogPolicy(["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/opensearch/dev-products/audit"], ACCOUNT, DOMAIN_ARN);
            expect(doc.Statement[0]).to.deep.equal({
                Sid: "OpenSearchPublishesLogs", Effect: "Allow", Principal: { Service: "es.amazonaws.com" },
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: ["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/opensearch/dev-products/audit:*"],
                Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": DOMAIN_ARN } },
            });
        });
        it("turns Auto-Tune off only on t3 instances", () => {
            expect(autoTuneSupported("t3.medium.search")).to.equal(false);
            expect(autoTuneSupported("r7g.large.search")).to.equal(true);
        });
    });

    describe("a dev-shaped domain (one zone, no dedicated masters, unprotected)", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(args()); });

        it("creates the domain, its two security groups and rules, four log groups, the log policy, the password, the secret and its version", () => {
            const counts = Object.fromEntries(Object.values(T).map((t) => [t, b.of(t).length]));
            expect(counts).to.deep.equal({
                [T.domain]: 1, [T.sg]: 2, [T.ingress]: 1, [T.egress]: 1, [T.logGroup]: 4, [T.logPolicy]: 1,
                [T.secret]: 1, [T.secretVersion]: 1, [T.password]: 1,
            });
            for (const r of b.rec.resources.filter((x) => x.custom)) expect(r.parent, r.name).to.match(/platform:data:SearchDomain::ecommerce-platform-dev-products$/);
        });
        it("encrypts at rest with the search key, between nodes, and takes HTTPS with TLS 1.2+ only", () => {
            const d = b.one(T.domain).inputs;
            expect(d.encryptAtRest).to.deep.equal({ enabled: true, kmsKeyId: SEARCH_KEY });
            expect(d.nodeToNodeEncryption).to.deep.equal({ enabled: true });
            expect(d.domainEndpointOptions).to.deep.equal({ enforceHttps: true, tlsSecurityPolicy: SEARCH_TLS_POLICY });
            expect(d.engineVersion).to.equal(SEARCH_ENGINE_VERSION);
            expect(d.domainName).to.equal("dev-products");
            expect(d.ebsOptions).to.deep.equal({ ebsEnabled: true, volumeType: "gp3", volumeSize: 20 });
        });
        it("turns FGAC on with the internal user database, no anonymous access, and the password masked in every input", () => {
            const d = b.one(T.domain);
            expect(d.inputs.advancedSecurityOptions).to.deep.equal({
                enabled: true, internalUserDatabaseEnabled: true, anonymousAuthEnabled: false,
                masterUserOptions: { masterUserName: "catalog-admin", masterUserPassword: SECRET_MASK },
            });
            expect(d.options.additionalSecretOutputs).to.deep.equal(["advancedSecurityOptions"]);
            const version = b.one(T.secretVersion);
            expect(version.inputs.secretString).to.equal(SECRET_MASK);
            expect(version.options.additionalSecretOutputs).to.include("secretString");
            expect(version.propertyDependencies.secretId).to.deep.equal([b.one(T.secret).urn]);
            expect(b.one(T.password).inputs).to.include({ length: 32, minUpper: 1, minLower: 1, minNumeric: 1, minSpecial: 1, special: true });
        });
        it("keeps the secret under the given name, encrypted with the secrets key", () => {
            expect(b.one(T.secret).inputs).to.include({ name: "ecommerce-platform-dev/search/products", kmsKeyId: SECRETS_KEY });
        });
        it("runs in the first isolated subnet, one zone, behind the store's security group, without dedicated masters", () => {
            const d = b.one(T.domain).inputs as Record<string, any>;
            const store = b.of(T.sg).find((g) => g.name === "ecommerce-platform-dev-products")!;
            expect(d.vpcOptions.subnetIds).to.deep.equal(["subnet-iso-a"]);
            expect(d.vpcOptions.securityGroupIds).to.have.length(1);
            expect(b.one(T.domain).propertyDependencies.vpcOptions).to.deep.equal([store.urn]);
            expect(d.clusterConfig).to.deep.equal({ instanceType: "t3.medium.search", instanceCount: 1, zoneAwarenessEnabled: false, dedicatedMasterEnabled: false });
            expect(d.autoTuneOptions).to.equal(undefined);
            expect(d.softwareUpdateOptions).to.deep.equal({ autoSoftwareUpdateEnabled: true });
            expect(b.one(T.ingress).inputs).to.include({ ipProtocol: "tcp", fromPort: 443, toPort: 443 });
        });
        it("publishes the four log types, each to its own encrypted log group with retention, after the log policy exists", () => {
            const d = b.one(T.domain);
            const groups = b.of(T.logGroup);
            expect(groups.map((g) => g.inputs.name)).to.deep.equal(SEARCH_LOG_TYPES.map((t) => `/aws/opensearch/dev-products/${t.group}`));
            for (const g of groups) expect(g.inputs).to.include({ kmsKeyId: LOGS_KEY, retentionInDays: 30 });
            expect((d.inputs.logPublishingOptions as any[]).map((o) => [o.logType, o.enabled, o.cloudwatchLogGroupArn])).to.deep.equal(
                SEARCH_LOG_TYPES.map((t, i) => [t.logType, true, groups[i].outputs.arn]));
            expect(d.options.dependsOn).to.include(b.one(T.logPolicy).urn);
            const policy = JSON.parse(b.one(T.logPolicy).inputs.policyDocument as string);
            expect(policy.Statement[0].Resource).to.deep.equal(groups.map((g) => `${g.outputs.arn}:*`));
            expect(policy.Statement[0].Condition.ArnLike["aws:SourceArn"]).to.equal(DOMAIN_ARN);
        });
        it("sets the open-to-FGAC access policy on the domain, known in a first preview", async () => {
            const expected = searchAccessPolicy(DOMAIN_ARN);
            expect(JSON.parse(b.one(T.domain).inputs.accessPolicies as string)).to.deep.equal(expected);
            const preview = await build(args(), true);
            expect(JSON.parse(preview.one(T.domain).inputs.accessPolicies as string)).to.deep.equal(expected);
        });
        it("protects nothing", () => {
            for (const r of b.rec.resources.filter((x) => x.custom)) expect(r.options.protect, r.name).to.equal(false);
        });
        it("hands out the VPC endpoint on 443, the subnets, the clients group and the secret's name", () => {
            const endpoint = b.one(T.domain).outputs.endpoint as string;
            const clients = b.of(T.sg).find((g) => g.name === "ecommerce-platform-dev-products-clients")!;
            const ingress = b.one(T.ingress);
            expect(endpoint).to.match(/^vpc-[a-z0-9-]+\.eu-west-1\.es\.amazonaws\.com$/);
            expect(ingress.propertyDependencies.referencedSecurityGroupId).to.deep.equal([clients.urn]);
            expect(b.outputs).to.deep.include({
                endpoint: `https://${endpoint}`, host: endpoint, port: 443,
                cidrBlocks: ["10.20.160.0/22", "10.20.164.0/22", "10.20.168.0/22"], clients: ingress.inputs.referencedSecurityGroupId,
                credentials: "ecommerce-platform-dev/search/products", secretArn: b.one(T.secret).outputs.arn,
            });
            expect(b.secretFlags).to.deep.equal([false, false]);
        });
    });

    describe("a prod-shaped domain (three zones, dedicated masters, protected)", () => {
        let b: Awaited<ReturnType<typeof build>>;
        before(async () => { b = await build(args(PROD)); });

        it("spreads three data nodes over the three isolated subnets with three dedicated masters and Auto-Tune", () => {
            const d = b.one(T.domain).inputs as Record<string, any>;
            expect(d.clusterConfig).to.deep.equal({
                instanceType: "r7g.large.search", instanceCount: 3, zoneAwarenessEnabled: true, zoneAwarenessConfig: { availabilityZoneCount: 3 },
                dedicatedMasterEnabled: true, dedicatedMasterType: "m7g.large.search", dedicatedMasterCount: 3,
            });
            expect(d.vpcOptions.subnetIds).to.deep.equal(["subnet-iso-a", "subnet-iso-b", "subnet-iso-c"]);
            expect(d.autoTuneOptions).to.deep.equal({ desiredState: "ENABLED", useOffPeakWindow: true, rollbackOnDisable: "NO_ROLLBACK" });
        });
        it("protects the domain, the secret and the log groups; not the groups, rules, password or policy", () => {
            const protectedTypes = [T.domain, T.secret, T.logGroup];
            for (const r of b.rec.resources.filter((x) => x.custom)) {
                expect(r.options.protect, `${r.type} ${r.name}`).to.equal(protectedTypes.includes(r.type));
            }
        });
    });
});
