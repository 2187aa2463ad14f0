import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { defineRoute, type HttpDeps, registerRoutes } from "../platform/http/route.js";
import { homeView } from "./home.schema.js";
import { homeFor } from "./home.service.js";
import { rangeQuery, reportView } from "./reports.schema.js";
import { getReport, parseRange, REPORT_SERIES, reportCsv } from "./reports.service.js";

export function registerReportRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/home",
      summary: "Home: the first hour's checklist with live counts, and the day's numbers",
      tags: ["reports"],
      access: "agent",
      response: homeView,
      handler: async ({ user }) => homeFor(ctx, user),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/reports",
      summary: "Dashboard series for a date range (UTC days); money series for the owner only",
      tags: ["reports"],
      access: "agent",
      query: rangeQuery,
      response: reportView,
      handler: async ({ query, user }) => getReport(ctx, user, parseRange(query, ctx.clock.now())),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/reports/:series.csv",
      summary: "One series of the dashboard as CSV",
      tags: ["reports"],
      access: "agent",
      params: z.object({ series: z.enum(REPORT_SERIES) }),
      query: rangeQuery,
      handler: async ({ params, query, user, reply }) => {
        const range = parseRange(query, ctx.clock.now());
        const csv = await reportCsv(ctx, user, params.series, range);
        return reply
          .type("text/csv; charset=utf-8")
          .header(
            "content-disposition",
            `attachment; filename="${params.series}-${range.from}-${range.to}.csv"`,
          )
          .send(csv);
      },
    }),
  ]);
}
