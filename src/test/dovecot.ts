import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";
import { tempDir } from "./harness.js";

const DOVECOT_BIN = "/usr/sbin/dovecot";

/** A private Dovecot (Debian's dovecot-imapd) for one test file: its own config, Maildir and port. */
export interface TestDovecot {
  port: number;
  user: string;
  pass: string;
  /** imap://support:…@127.0.0.1:port/MAILBOX */
  url(mailbox?: string): string;
  /** Deliver a raw mail the way a mail server would: APPEND into the mailbox. */
  deliver(raw: string, mailbox?: string): Promise<void>;
  /** The mails in a mailbox with their flags and subject. */
  list(mailbox?: string): Promise<{ uid: number; flags: string[]; subject: string }[]>;
  stop(): Promise<void>;
}

export function dovecotAvailable(): boolean {
  return fs.existsSync(DOVECOT_BIN);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("data", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot did not start: ${fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "(no log)"}`);
}

/**
 * Start Dovecot as the current user with a throwaway config under a temp folder: plain-text login against
 * a passwd-file, Maildir storage. As root (CI containers) Dovecot's login processes must run unprivileged,
 * so they use Debian's dovecot/dovenull accounts and the mailbox belongs to the dovecot user.
 */
export async function startDovecot(): Promise<TestDovecot> {
  const dir = tempDir("beedesk-dovecot-");
  const port = await freePort();
  const me = os.userInfo();
  const root = me.uid === 0;
  const mailUser = root ? lookupUser("dovecot") : { uid: me.uid, gid: me.gid, name: me.username };
  const loginUser = root ? "dovenull" : me.username;
  const group = root ? "dovecot" : (lookupGroupName(me.gid) ?? me.username);
  const home = path.join(dir, "mail", "support");
  fs.mkdirSync(home, { recursive: true });
  if (root) {
    fs.chmodSync(dir, 0o755);
    fs.chownSync(path.join(dir, "mail"), mailUser.uid, mailUser.gid);
    fs.chownSync(home, mailUser.uid, mailUser.gid);
  }
  const user = "support";
  const pass = "mail-in-test-password";
  fs.writeFileSync(
    path.join(dir, "passwd"),
    `${user}:{PLAIN}${pass}:${mailUser.uid}:${mailUser.gid}::${home}\n`,
  );
  const log = path.join(dir, "dovecot.log");
  const conf = path.join(dir, "dovecot.conf");
  fs.writeFileSync(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = beedesk-test-${port}
protocols = imap
listen = 127.0.0.1
log_path = ${log}
default_internal_user = ${mailUser.name}
default_internal_group = ${group}
default_login_user = ${loginUser}
first_valid_uid = ${Math.min(mailUser.uid, 100)}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = ${dir}/passwd
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  chroot =
}
`,
  );
  const child = spawn(DOVECOT_BIN, ["-F", "-c", conf], { stdio: "ignore" });
  await waitForPort(port, child, log);

  const connect = async () => {
    const client = new ImapFlow({
      host: "127.0.0.1",
      port,
      secure: false,
      auth: { user, pass },
      logger: false,
    });
    client.on("error", () => {});
    await client.connect();
    return client;
  };

  return {
    port,
    user,
    pass,
    url: (mailbox = "INBOX") => `imap://${user}:${pass}@127.0.0.1:${port}/${mailbox}`,
    async deliver(raw, mailbox = "INBOX") {
      const client = await connect();
      try {
        await client.append(mailbox, raw.replace(/\r?\n/g, "\r\n"));
      } finally {
        await client.logout();
      }
    },
    async list(mailbox = "INBOX") {
      const client = await connect();
      try {
        const boxes = await client.list();
        if (!boxes.some((b) => b.path === mailbox)) return [];
        await client.mailboxOpen(mailbox, { readOnly: true });
        const out: { uid: number; flags: string[]; subject: string }[] = [];
        if ((client.mailbox ? client.mailbox.exists : 0) === 0) return out;
        for await (const m of client.fetch("1:*", { uid: true, flags: true, envelope: true })) {
          out.push({ uid: m.uid, flags: [...(m.flags ?? [])].sort(), subject: m.envelope?.subject ?? "" });
        }
        return out;
      } finally {
        await client.logout();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function lookupUser(name: string): { uid: number; gid: number; name: string } {
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no ${name} user: install dovecot-imapd`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid), name };
}

function lookupGroupName(gid: number): string | undefined {
  const line = fs
    .readFileSync("/etc/group", "utf8")
    .split("\n")
    .find((l) => l.split(":")[2] === String(gid));
  return line?.split(":")[0];
}
