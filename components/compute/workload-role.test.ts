import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { cloudContextFor } from "../../tools/plan/mock-cloud";
import { recordProgram } from "../../tools/plan/recorder";
import { podIdentityTrustPolicy, WorkloadRole, WorkloadRoleArgs } from "./workload-role";

const BOUNDARY = "arn:aws:iam::123456789012:policy/p/boundary";
const TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/carts";

async function build(args: Partial<WorkloadRoleArgs> = {}) {
    const rec = await recordProgram(() => {
        new WorkloadRole("cart", {
            clusterName: "shop", namespace: "cart", serviceAccount: "cart", permissionsBoundaryArn: BOUNDARY,
            policy: { Version: "2012-10-17", Statement: [{ Sid: "CartsTable", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: [TABLE] }] },
            ...args,
        });
    }, { project: "test", stack: "dev", config: {}, cloud: cloudContextFor("eu-west-1", "123456789012") });
    const of = (type: string) => rec.resources.filter((r) => r.type === type);
    return { rec, of };
}

describe("compute/WorkloadRole", () => {
    it("trusts only this account's Pod Identity service, for this cluster, namespace and service account", async () => {
        const { of } = await build();
        const [role] = of("aws:iam/role:Role");
        expect(JSON.parse(role.inputs.assumeRolePolicy as string)).to.deep.equal(
            podIdentityTrustPolicy("123456789012", "arn:aws:eks:eu-west-1:123456789012:cluster/shop", "cart", "cart"));
        expect(podIdentityTrustPolicy("1", "c", "ns", "sa").Statement[0]).to.deep.include({
            Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: { StringEquals: { "aws:SourceAccount": "1", "aws:RequestTag/kubernetes-namespace": "ns", "aws:RequestTag/kubernetes-service-account": "sa" }, ArnEquals: { "aws:SourceArn": "c" } },
        });
        expect(role.inputs.permissionsBoundary).to.equal(BOUNDARY);
    });
    it("carries the given policy inline and associates the role with the service account", async () => {
        const { of } = await build();
        const [policy] = of("aws:iam/rolePolicy:RolePolicy");
        expect(JSON.parse(policy.inputs.policy as string).Statement[0]).to.deep.equal({ Sid: "CartsTable", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: [TABLE] });
        const [assoc] = of("aws:eks/podIdentityAssociation:PodIdentityAssociation");
        expect(assoc.inputs).to.include({ clusterName: "shop", namespace: "cart", serviceAccount: "cart" });
        expect(assoc.propertyDependencies.roleArn).to.deep.equal([of("aws:iam/role:Role")[0].urn]);
        expect(of("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.deep.equal([]);
    });
    it("attaches managed policies (add-ons) without an inline policy", async () => {
        const { of } = await build({ policy: undefined, managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"] });
        expect(of("aws:iam/rolePolicy:RolePolicy")).to.deep.equal([]);
        expect(of("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn)).to.deep.equal(["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]);
    });
    it("a role without permissions is an identity only: no inline policy, no attachment", async () => {
        const { of } = await build({ policy: undefined });
        expect(of("aws:iam/role:Role")).to.have.length(1);
        expect(of("aws:iam/rolePolicy:RolePolicy")).to.deep.equal([]);
        expect(of("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.deep.equal([]);
    });
    it("refuses a role without a boundary or with a bad service account, before registering anything", async () => {
        let error: unknown;
        try {
            await build({ permissionsBoundaryArn: "", policy: undefined, serviceAccount: "Cart_SA" });
        } catch (e) { error = e; }
        expect(error).to.be.instanceOf(ComponentArgsError);
        expect((error as ComponentArgsError).problems).to.deep.equal([
            "serviceAccount: 'Cart_SA' is not allowed; expected a Kubernetes name: lowercase letters, digits and '-', at most 63",
            "permissionsBoundaryArn: '' is not allowed; every workload role carries the platform's permissions boundary",
        ]);
    });
});
