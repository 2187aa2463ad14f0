import { linkContactsByPhone } from "../inbox/contact-links.service.js";
import { AppError } from "../platform/errors.js";
import { defineRoute, type HttpDeps, idParams } from "../platform/http/route.js";
import { findCustomerById, searchCustomers } from "./customers.repository.js";
import { createCustomer, updateCustomer } from "./customers.service.js";
import { actorFromPrincipal } from "./licenses.actor.js";
import { presentCustomer } from "./licenses.present.js";
import {
  createCustomerBody,
  createProductBody,
  customerDetailView,
  customerListQuery,
  customerListView,
  customerSavedView,
  productListView,
  productView,
  updateCustomerBody,
  updateProductBody,
} from "./licenses.schema.js";
import { licenseClock, listLicensesForCustomer } from "./licenses.service.js";
import { listProducts } from "./products.repository.js";
import { createProduct, updateProduct } from "./products.service.js";

export function customerRoutes(deps: HttpDeps) {
  const { ctx } = deps;
  return [
    defineRoute({
      method: "GET",
      url: "/api/v1/customers",
      summary: "Customers, searched by name, email, phone, license key or order, with license counts",
      tags: ["customers"],
      access: "agent",
      query: customerListQuery,
      response: customerListView,
      handler: async ({ query }) => {
        const clock = await licenseClock(ctx);
        const { items, total } = await searchCustomers(ctx.db.kysely, { ...query, today: clock.today });
        return { data: items.map(presentCustomer), total };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/customers/:id",
      summary: "A customer with their licenses and support state",
      tags: ["customers"],
      access: "agent",
      params: idParams,
      response: customerDetailView,
      handler: async ({ params }) => {
        const customer = await findCustomerById(ctx.db.kysely, params.id);
        if (!customer) throw new AppError("not_found", "No such customer");
        return { ...presentCustomer(customer), licenses: await listLicensesForCustomer(ctx, customer.id) };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/customers",
      summary: "Create a customer (email unique, any capitalisation)",
      tags: ["customers"],
      access: "agent",
      body: createCustomerBody,
      response: customerSavedView,
      status: 201,
      handler: async ({ body, principal, user }) => {
        const customer = await createCustomer(ctx, body, actorFromPrincipal(principal));
        const linkedContacts = await linkContactsByPhone(ctx, user.id, customer.id, customer.phones);
        return { ...presentCustomer(customer), linkedContacts };
      },
    }),
    defineRoute({
      method: "PATCH",
      url: "/api/v1/customers/:id",
      summary: "Change a customer's details; phones is the full list",
      tags: ["customers"],
      access: "agent",
      params: idParams,
      body: updateCustomerBody,
      response: customerSavedView,
      handler: async ({ params, body, principal, user }) => {
        const customer = await updateCustomer(ctx, params.id, body, actorFromPrincipal(principal));
        const linkedContacts =
          body.phones === undefined
            ? []
            : await linkContactsByPhone(ctx, user.id, customer.id, customer.phones);
        return { ...presentCustomer(customer), linkedContacts };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/products",
      summary: "Products (extensions)",
      tags: ["products"],
      access: "agent",
      response: productListView,
      handler: async () => ({ data: await listProducts(ctx.db.kysely) }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/products",
      summary: "Create a product",
      tags: ["products"],
      access: "agent",
      body: createProductBody,
      response: productView,
      status: 201,
      handler: async ({ body, principal }) => createProduct(ctx, body, actorFromPrincipal(principal)),
    }),
    defineRoute({
      method: "PATCH",
      url: "/api/v1/products/:id",
      summary: "Change a product",
      tags: ["products"],
      access: "agent",
      params: idParams,
      body: updateProductBody,
      response: productView,
      handler: async ({ params, body, principal }) =>
        updateProduct(ctx, params.id, body, actorFromPrincipal(principal)),
    }),
  ];
}
