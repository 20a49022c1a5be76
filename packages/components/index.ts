/**
 * @ecommerce-platform/components: the platform's reusable components for product teams' own Pulumi programs. The
 * root export holds every published layer as a namespace (`compute.Microservice`); each layer is also a subpath
 * (`@ecommerce-platform/components/compute`). The integration layer is not published: it bundles this repository's
 * own Lambda handlers (apps/functions) and is the shop's order workflow, not a building block; nor is the observability
 * layer, whose alarm targets are this platform's own layers.
 */
export * as network from "../../components/network";
export * as security from "../../components/security";
export * as compute from "../../components/compute";
export * as data from "../../components/data";
export * as edge from "../../components/edge";
export * as delivery from "../../components/delivery";
export * as shared from "../../components/shared";
