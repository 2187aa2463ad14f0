// Backup and restore times for a SQLite desk with 1,000,000 messages (issue 20's closing figures): seeds a
// fresh data folder, then times what `beedesk backup` and `beedesk restore` do (in this process, so the CLI's
// start-up is not counted). Usage: npx tsx bench/backup.ts [messages]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createBackup } from "../src/backup/backup.service.js";
import { restoreBackup } from "../src/backup/restore.service.js";
import { parseConfig } from "../src/platform/config.js";
import { seedSqliteFolder } from "./inbox.js";

const messages = Number(process.argv[2] ?? 1_000_000);
const seeded = await seedSqliteFolder(messages);
process.stderr.write(
  `seeded ${messages} messages in ${seeded.seconds.toFixed(1)} s (${(seeded.bytes / 1e6).toFixed(0)} MB)\n`,
);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-backup-"));
const archive = path.join(work, "backup.tar.gz");
try {
  let started = performance.now();
  await createBackup(parseConfig({ BEEDESK_DATA_DIR: seeded.dataDir }), { out: archive });
  const backup = (performance.now() - started) / 1000;
  started = performance.now();
  await restoreBackup(parseConfig({ BEEDESK_DATA_DIR: path.join(work, "restored") }), { archive });
  const restore = (performance.now() - started) / 1000;
  const size = fs.statSync(archive).size;
  console.log(
    `messages ${messages}: database ${(seeded.bytes / 1e6).toFixed(0)} MB, archive ${(size / 1e6).toFixed(0)} MB; backup ${backup.toFixed(1)} s, restore ${restore.toFixed(1)} s (restore includes the checksums, quick_check and counts)`,
  );
} finally {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(seeded.dataDir, { recursive: true, force: true });
}
