import { expect } from "chai";
import { parseImage, registryAllows } from "./images";

const UI = "public.ecr.aws/aws-containers/retail-store-sample-ui:1.6.2";
const DIGEST = "sha256:" + "a".repeat(64);

describe("kubernetes rules: image references (images.ts)", () => {
    it("parses image references", () => {
        expect(parseImage("nginx")).to.deep.include({ repository: "nginx", tag: undefined, digest: undefined, canonical: "docker.io/library/nginx" });
        expect(parseImage("localhost:5000/team/app:2")).to.deep.include({ repository: "localhost:5000/team/app", tag: "2" });
        expect(parseImage(`${UI}@${DIGEST}`)).to.deep.include({ tag: "1.6.2", digest: DIGEST });
        expect(parseImage("bitnami/redis:7")).to.deep.include({ canonical: "docker.io/bitnami/redis:7" });
    });

    it("admits an image by a registry or repository prefix, only up to a path, tag or digest boundary", () => {
        expect(registryAllows("public.ecr.aws", "public.ecr.aws.evil.io/x:1")).to.equal(false);
        expect(registryAllows("public.ecr.aws/aws-containers/", UI)).to.equal(true);
        expect(registryAllows("public.ecr.aws/aws-containers/retail-store-sample-ui", UI)).to.equal(true);
        expect(registryAllows("  ", UI)).to.equal(false);
    });
});
