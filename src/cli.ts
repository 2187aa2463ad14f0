import { parseArgs } from "node:util";
import { backupCommand, restoreCommand } from "./backup/backup.cli.js";
import { licensesCommand } from "./licenses/licenses.cli.js";
import { type Config, ConfigError, parseConfig } from "./platform/config.js";
import { createContext } from "./platform/context-factory.js";
import { migrateToLatest } from "./platform/db/migrate.js";
import { BeedeskServer, type ServerRole } from "./server.js";
import { createUser } from "./users/users.service.js";
import { whatsappCommand } from "./whatsapp/profile.cli.js";

const USAGE = `Usage: beedesk <command>

Commands:
  serve [--role web|worker|all]   migrate, seed an empty database and serve (default role: all)
  migrate                         apply database migrations
  whatsapp profile sync           push the presales "about" text from settings to WhatsApp
  licenses import <file.csv> [--dry-run] [--report out.csv]
                                  import licenses from a shop or marketplace export
  backup <file.tar.gz> [--key-passphrase-file FILE]
                                  a consistent backup of the running desk (database, files, manifest)
  restore <file.tar.gz> [--key-passphrase-file FILE | --without-key]
                                  restore a backup into an empty data folder (and empty database)
  user create --email E --name N --role owner|agent [--password P]
                                  create an account (a password is generated when omitted)
`;

type Command = (args: string[], config: Config) => Promise<number>;

const commands: Record<string, Command> = {
  whatsapp: whatsappCommand,
  licenses: licensesCommand,
  backup: (args, config) => backupCommand(args, config),
  restore: (args, config) => restoreCommand(args, config),
  serve: async (args, config) => {
    const { values } = parseArgs({ args, options: { role: { type: "string", default: "all" } } });
    if (!["web", "worker", "all"].includes(values.role ?? "")) {
      console.error("--role must be web, worker or all");
      return 2;
    }
    const server = new BeedeskServer(config, { role: values.role as ServerRole, demo: true });
    const started = Date.now();
    const address = values.role === "worker" ? await prepareWorker(server) : await server.listen();
    server.ctx.log.info(
      {
        address,
        database: server.ctx.db.dialect,
        simulator: config.simulator,
        role: values.role,
        readyMs: Date.now() - started,
      },
      `beedesk ready at ${config.publicUrl}/app${config.simulator ? ` — simulator at ${config.publicUrl}/simulator` : ""}`,
    );
    const shutdown = async (signal: string) => {
      server.ctx.log.info({ signal }, "shutting down");
      await server.stop();
      process.exit(0);
    };
    process.once("SIGINT", () => void shutdown("SIGINT"));
    process.once("SIGTERM", () => void shutdown("SIGTERM"));
    return -1;
  },
  migrate: async (_args, config) => {
    const ctx = createContext(config);
    const applied = await migrateToLatest(ctx.db);
    console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
    await ctx.db.close();
    return 0;
  },
  user: async (args, config) => {
    const [sub, ...rest] = args;
    if (sub !== "create") {
      console.error(USAGE);
      return 2;
    }
    const { values } = parseArgs({
      args: rest,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        role: { type: "string", default: "agent" },
        password: { type: "string" },
      },
    });
    const ctx = createContext(config);
    await migrateToLatest(ctx.db);
    const password = values.password ?? (await import("node:crypto")).randomBytes(12).toString("base64url");
    try {
      const user = await createUser(ctx, {
        email: values.email ?? "",
        name: values.name ?? values.email ?? "",
        role: values.role as "owner" | "agent",
        password,
      });
      console.log(`Created ${user.role} ${user.email}${values.password ? "" : ` with password ${password}`}`);
      return 0;
    } catch (error) {
      console.error(
        error instanceof Error
          ? `${error.message}${"details" in error && error.details ? `: ${JSON.stringify(error.details)}` : ""}`
          : error,
      );
      return 1;
    } finally {
      await ctx.db.close();
    }
  },
};

async function prepareWorker(server: BeedeskServer): Promise<string> {
  await server.prepare();
  server.startBackground();
  return "worker";
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(USAGE);
    return name === "--help" || name === "help" ? 0 : 2;
  }
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 78;
    }
    throw error;
  }
  return command(args, config);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
