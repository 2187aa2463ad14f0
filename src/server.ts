import type { FastifyInstance } from "fastify";
import { modules as defaultModules } from "./modules.js";
import type { Config } from "./platform/config.js";
import type { AppContext } from "./platform/context.js";
import { type ContextOptions, createContext } from "./platform/context-factory.js";
import { migrateToLatest } from "./platform/db/migrate.js";
import { PgBridge } from "./platform/db/pg-bridge.js";
import { type BuiltApp, buildHttpApp } from "./platform/http/app.js";
import type { DomainModule } from "./platform/module.js";
import { OutboxWorker, type WorkerOptions } from "./platform/outbox/outbox.worker.js";
import { startSchedule } from "./platform/schedules.js";
import { seedSettings } from "./settings/settings.service.js";
import { countUsers, ensureFirstOwner } from "./users/users.service.js";
import { onInboundMessage } from "./whatsapp/inbound-events.js";

export type ServerRole = "web" | "worker" | "all";

export interface ServerOptions extends ContextOptions {
  role?: ServerRole;
  modules?: DomainModule[];
  /** Seed demo data on an empty database (npm start does; tests choose). */
  demo?: boolean;
  worker?: WorkerOptions | false;
  /** PostgreSQL LISTEN/NOTIFY fan-out; defaults to DATABASE_URL when it is PostgreSQL. */
  pgListen?: { url: string; namespace?: string } | false;
}

/** The beedesk process: context, migrations, seed, HTTP app and outbox worker, with a clean stop. */
export class BeedeskServer {
  readonly ctx: AppContext;
  readonly modules: DomainModule[];
  readonly worker: OutboxWorker | undefined;
  private built: BuiltApp | undefined;
  private stopBackground: Array<() => Promise<void> | void> = [];
  private bridge: PgBridge | undefined;

  constructor(
    config: Config,
    private readonly options: ServerOptions = {},
  ) {
    this.ctx = createContext(config, options);
    this.modules = options.modules ?? defaultModules;
    for (const m of this.modules) {
      for (const listener of m.inboundListeners ?? []) onInboundMessage(this.ctx, listener);
    }
    const role = options.role ?? "all";
    if (role !== "web" && options.worker !== false) {
      this.worker = new OutboxWorker(
        this.ctx,
        this.modules.flatMap((m) => m.jobs ?? []),
        options.worker || {},
      );
      this.ctx.outbox.onWake(() => this.worker?.wake());
    }
    const listen =
      options.pgListen ?? (config.database.kind === "postgres" ? { url: config.database.url } : false);
    if (listen && this.ctx.db.dialect === "postgres") {
      this.bridge = new PgBridge(this.ctx, listen.url, () => this.worker?.wake(), listen.namespace);
    }
  }

  get app(): FastifyInstance {
    if (!this.built) throw new Error("call prepare() first");
    return this.built.app;
  }

  get deps() {
    if (!this.built) throw new Error("call prepare() first");
    return this.built.deps;
  }

  /** Migrate, seed and assemble the app without listening (tests inject requests). */
  async prepare(): Promise<FastifyInstance> {
    if (this.built) return this.built.app;
    await migrateToLatest(this.ctx.db);
    const fresh = (await countUsers(this.ctx.db.kysely)) === 0;
    await seedSettings(this.ctx);
    const owner = await ensureFirstOwner(this.ctx);
    if (owner.created) {
      if (owner.generatedPassword) {
        this.ctx.log.warn(
          { email: owner.email },
          `First owner created. Sign in at ${this.ctx.config.publicUrl}/app with ${owner.email} and the password printed below (shown once).`,
        );
        // Printed once, to the terminal only, never into the structured log.
        process.stderr.write(
          `\n  beedesk owner: ${owner.email}\n  password:      ${owner.generatedPassword}\n\n`,
        );
      } else {
        this.ctx.log.info({ email: owner.email }, "First owner created from BEEDESK_ADMIN_EMAIL");
      }
    }
    await this.bridge?.start();
    if (fresh && this.options.demo) {
      for (const m of this.modules) await m.seedDemo?.(this.ctx);
    }
    this.built = await buildHttpApp(
      this.ctx,
      this.modules.filter((m) => m.register) as Required<Pick<DomainModule, "register">>[],
    );
    await this.built.app.ready();
    return this.built.app;
  }

  async listen(): Promise<string> {
    await this.prepare();
    const address = await this.app.listen({ port: this.ctx.config.port, host: this.ctx.config.host });
    this.startBackground();
    return address;
  }

  /** The worker role's work: the outbox worker, every module's declared schedules and long-running work. */
  startBackground(): void {
    if (!this.worker) return;
    this.worker.start();
    for (const m of this.modules) {
      for (const schedule of m.schedules ?? []) this.stopBackground.push(startSchedule(this.ctx, schedule));
      const stop = m.startBackground?.(this.ctx);
      if (stop) this.stopBackground.push(stop);
    }
  }

  async stop(): Promise<void> {
    for (const stop of this.stopBackground) await stop();
    this.stopBackground = [];
    for (const m of this.modules) await m.close?.(this.ctx);
    await this.worker?.stop();
    if (this.built) await this.built.app.close();
    await this.bridge?.stop();
    await this.ctx.db.close();
  }
}
