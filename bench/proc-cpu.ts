// CPU time of processes (this machine's /proc), for benches that compare cost rather than throughput.
import fs from "node:fs";
import pg from "pg";

const TICK_MS = 1000 / 100; // USER_HZ

/** utime + stime of a process, in ms (0 if it is gone). */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

export async function backendPids(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const db = new URL(url).pathname.slice(1);
    const { rows } = await client.query<{ pid: number }>(
      "select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
      [db],
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}
