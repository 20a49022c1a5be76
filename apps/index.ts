/**
 * The business microservices: one spec per app (the Microservice component's ServiceSpec). The stack runs the apps
 * its config lists (`ecommerce-platform:apps`), with images from `ecommerce-platform:appImages` where an app has none
 * of its own (stacks/apps.ts).
 */
import type { ServiceSpec } from "../components/compute";
import { cart } from "./cart";
import { catalog } from "./catalog";
import { checkout } from "./checkout";
import { orders } from "./orders";
import { recommendations } from "./recommendations";
import { ui } from "./ui";
import { users } from "./users";

export const APPS: Readonly<Record<string, ServiceSpec>> = { ui, catalog, cart, checkout, orders, users, recommendations };

/** The apps a stack runs unless its config says otherwise: the retail store, whose public images need nothing of ours. */
export const DEFAULT_APPS = ["ui", "catalog", "cart", "checkout", "orders"] as const;

/**
 * Apps the storefront calls when they run, with the ui's setting that points it at them (the retail ui reaches an
 * optional backend only when its endpoint variable is set).
 */
export const OPTIONAL_UI_BACKENDS: Readonly<Record<string, string>> = { recommendations: "RETAIL_UI_ENDPOINTS_RECOMMENDATIONS" };

export { RETAIL_REPOSITORY, RETAIL_VERSION } from "./retail";
