import type { AppContext } from "../../platform/context.js";
import type { DomainModule } from "../../platform/module.js";
import { type HeldRequests, registerGraphRoutes } from "./graph.routes.js";
import { registerSimAccountApi } from "./graph-account.routes.js";
import type { SimAccountOptions } from "./sim-account.js";
import { SimAccount } from "./sim-account.js";
import { type OpenStreams, registerSimulatorRoutes } from "./simulator.routes.js";
import { Simulator, type SimulatorOptions } from "./simulator.service.js";

const running = new WeakMap<AppContext, Simulator>();

/** The simulator of a server (undefined when the simulator is off). */
export function simulatorFor(ctx: AppContext): Simulator | undefined {
  return running.get(ctx);
}

/**
 * The built-in WhatsApp Cloud API simulator: a fake Graph API under /simulator/graph, and the phone page at
 * /simulator. It registers nothing unless the simulator is on (never in production: the config forces it off).
 */
export function createSimulatorModule(options: SimulatorOptions & SimAccountOptions = {}): DomainModule {
  return {
    name: "simulator",
    register: (app, deps) => {
      const { ctx } = deps;
      if (!ctx.config.simulator || ctx.config.production) return;
      const sim = new Simulator(ctx, app, options);
      running.set(ctx, sim);
      const held: HeldRequests = new Set();
      const streams: OpenStreams = new Set();
      const account = new SimAccount(ctx, sim, options);
      registerGraphRoutes(app, ctx, sim, held);
      registerSimulatorRoutes(app, sim, streams);
      registerSimAccountApi(app, account);
      app.addHook("preClose", async () => {
        for (const end of [...streams]) end();
        for (const hold of held) hold.abort();
      });
      app.addHook("onClose", async () => {
        account.stop();
        sim.stop();
        running.delete(ctx);
      });
      ctx.log.debug(
        { url: `${ctx.config.publicUrl}/simulator` },
        "WhatsApp simulator on: no Cloud API credentials, messages stay on this machine",
      );
    },
  };
}

export const simulatorModule = createSimulatorModule();
