import { expect } from "chai";
import { ComponentArgsError } from "../shared/validate";
import { ImageRepository, ImageRepositoryArgs, lifecyclePolicy, PULL_ACTIONS } from "./image-repository";
import { ACCOUNT, PIPELINE_KEY, record, statementsOf } from "./testing";

const args = (over: Partial<ImageRepositoryArgs> = {}): ImageRepositoryArgs =>
    ({ repositoryName: "shop-prod/cart", kmsKeyArn: PIPELINE_KEY, imageRetention: 30, protect: true, tags: { Team: "cart" }, ...over });

describe("delivery/ImageRepository", () => {
    it("creates an immutable, scanned, CMK-encrypted repository, protected in prod, under the component", async () => {
        const rec = await record(() => new ImageRepository("cart-images", args()));
        const component = rec.resources.find((r) => r.type === "platform:delivery:ImageRepository")!;
        const repo = rec.resources.find((r) => r.type === "aws:ecr/repository:Repository")!;
        expect(repo.parent).to.equal(component.urn);
        expect(repo.inputs).to.deep.include({ name: "shop-prod/cart", imageTagMutability: "IMMUTABLE" });
        expect(repo.inputs.imageScanningConfiguration).to.deep.equal({ scanOnPush: true });
        expect(repo.inputs.encryptionConfigurations).to.deep.equal([{ encryptionType: "KMS", kmsKey: PIPELINE_KEY }]);
        expect(repo.inputs).not.to.have.property("forceDelete");
        expect(repo.options.protect).to.equal(true);
        expect((repo.inputs.tags as any).Team).to.equal("cart");
    });
    it("is not protected when protect is off (dev)", async () => {
        const rec = await record(() => new ImageRepository("cart-images", args({ protect: false })), "dev");
        expect(rec.resources.find((r) => r.type === "aws:ecr/repository:Repository")!.options.protect).to.equal(false);
    });
    it("expires untagged images after a day and keeps the newest imageRetention tagged ones", async () => {
        const rec = await record(() => new ImageRepository("cart-images", args({ imageRetention: 12 })));
        const lc = rec.resources.find((r) => r.type === "aws:ecr/lifecyclePolicy:LifecyclePolicy")!;
        expect(lc.inputs.policy).to.equal(lifecyclePolicy(12));
        const rules = JSON.parse(lc.inputs.policy as string).rules;
        expect(rules[0].selection).to.deep.include({ tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 1 });
        expect(rules[1].selection).to.deep.include({ tagStatus: "any", countType: "imageCountMoreThan", countNumber: 12 });
    });
    it("lets only this account pull, and grants no push", async () => {
        const rec = await record(() => new ImageRepository("cart-images", args()));
        const policy = rec.resources.find((r) => r.type === "aws:ecr/repositoryPolicy:RepositoryPolicy")!;
        const [s, ...rest] = statementsOf(policy.inputs.policy);
        expect(rest).to.deep.equal([]);
        expect(s.Principal).to.deep.equal({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
        expect(s.Action).to.deep.equal(PULL_ACTIONS);
        expect(s.Action).not.to.include("ecr:PutImage");
    });
    it("refuses bad arguments before registering anything, naming field, value and what is allowed", async () => {
        const rec = await record(() => {
            expect(() => new ImageRepository("bad", args({ repositoryName: "Shop/Cart", imageRetention: 0, kmsKeyArn: "alias/aws/ecr" })))
                .to.throw(ComponentArgsError)
                .that.satisfies((e: ComponentArgsError) => {
                    expect(e.problems).to.have.length(3);
                    expect(e.problems[0]).to.match(/^repositoryName: 'Shop\/Cart' is not allowed; expected 2-256 lowercase/);
                    expect(e.problems[1]).to.match(/^imageRetention: '0' is not allowed; expected a whole number from 1 to 1000/);
                    expect(e.problems[2]).to.match(/^kmsKeyArn: 'alias\/aws\/ecr' is not allowed/);
                    return true;
                });
        });
        expect(rec.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).to.deep.equal([]);
    });
});
