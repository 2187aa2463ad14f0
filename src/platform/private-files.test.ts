import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir, testConfig } from "../test/harness.js";
import { createContext } from "./context-factory.js";
import { migrateToLatest } from "./db/migrate.js";
import { LocalStorage } from "./storage.js";

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe("the data folder's permissions (SQLite)", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function start(dataDir: string) {
    const ctx = createContext(testConfig({ BEEDESK_DATA_DIR: dataDir }));
    await migrateToLatest(ctx.db);
    return ctx;
  }

  it("creates the folder 0700 and the database, its -wal and -shm, and the key file 0600", async () => {
    const parent = tempDir();
    dirs.push(parent);
    const dataDir = path.join(parent, "data");
    const ctx = await start(dataDir);
    try {
      const file = path.join(dataDir, "beedesk.sqlite");
      expect(fs.existsSync(`${file}-wal`)).toBe(true);
      expect(fs.existsSync(`${file}-shm`)).toBe(true);
      expect(mode(dataDir).toString(8)).toBe("700");
      for (const f of [file, `${file}-wal`, `${file}-shm`, path.join(dataDir, "secret.key")])
        expect(mode(f).toString(8), f).toBe("600");
      await new LocalStorage(path.join(dataDir, "media")).put("ab/cd/file.bin", Buffer.from("x"));
      expect(mode(path.join(dataDir, "media", "ab", "cd")).toString(8)).toBe("700");
      expect(mode(path.join(dataDir, "media", "ab", "cd", "file.bin")).toString(8)).toBe("600");
    } finally {
      await ctx.db.close();
    }
  });

  it("tightens the folder and database files an older install left readable to others", async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const file = path.join(dataDir, "beedesk.sqlite");
    const first = await start(dataDir);
    await first.db.close();
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(`${file}-wal`, "");
    fs.chmodSync(`${file}-wal`, 0o644);
    const again = await start(dataDir);
    try {
      expect(mode(dataDir).toString(8)).toBe("700");
      expect(mode(file).toString(8)).toBe("600");
      expect(mode(`${file}-wal`).toString(8)).toBe("600");
    } finally {
      await again.db.close();
    }
  });
});
