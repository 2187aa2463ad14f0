import { type Compilable, CompiledQuery, type Kysely } from "kysely";
import type { Database } from "./schema.js";

/** What a precompiled query's arguments may be: values that become SQL parameters as they are. */
export type SqlArg = string | number | null;

interface Template {
  sql: string;
  query: CompiledQuery["query"];
  /** Per parameter: the index of the argument it takes, or the fixed value the builder put there. */
  slots: Array<{ arg: number } | { value: unknown }>;
}

const MARKER = "\u0000beedesk-arg:";

/**
 * A query whose shape never changes, built and compiled once per database instead of on every call. Kysely
 * builds and compiles a query each time it runs, which on SQLite costs more than running it; the hot paths
 * (the policy and the send job, a thousand times a second) use this instead.
 *
 * `build` is called once with marker values in place of the arguments; the markers' positions among the
 * compiled parameters are recorded, and later calls only swap the real values in. So `build` must be
 * straight-line: no branching on its arguments, each argument passed as a parameter as is (it may appear
 * more than once).
 */
export function precompiled<A extends SqlArg[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): {
  compile(db: Kysely<Database>, ...args: A): CompiledQuery<R>;
  execute(db: Kysely<Database>, ...args: A): Promise<R[]>;
  first(db: Kysely<Database>, ...args: A): Promise<R | undefined>;
  /** Rows changed (insert, update, delete). */
  run(db: Kysely<Database>, ...args: A): Promise<number>;
} {
  const templates = new WeakMap<object, Template>();

  function template(db: Kysely<Database>, count: number): Template {
    const adapter = db.getExecutor().adapter;
    let found = templates.get(adapter);
    if (!found) {
      const markers = Array.from({ length: count }, (_, i) => `${MARKER}${i}`) as A;
      const compiled = build(db, ...markers).compile();
      const seen = new Set<number>();
      const slots = compiled.parameters.map((value) => {
        const arg = typeof value === "string" ? markers.indexOf(value as A[number]) : -1;
        if (arg >= 0) {
          seen.add(arg);
          return { arg };
        }
        if (typeof value === "string" && value.includes(MARKER)) {
          throw new Error("precompiled: an argument was transformed, not passed as a parameter");
        }
        return { value };
      });
      if (seen.size !== count) throw new Error("precompiled: an argument did not become a parameter");
      found = { sql: compiled.sql, query: compiled.query, slots };
      templates.set(adapter, found);
    }
    return found;
  }

  function compile(db: Kysely<Database>, ...args: A): CompiledQuery<R> {
    const t = template(db, args.length);
    const parameters = t.slots.map((slot) => ("arg" in slot ? args[slot.arg] : slot.value));
    return CompiledQuery.raw(t.sql, parameters) as CompiledQuery<R>;
  }

  return {
    compile,
    async execute(db, ...args) {
      return (await db.executeQuery(compile(db, ...args))).rows;
    },
    async first(db, ...args) {
      return (await db.executeQuery(compile(db, ...args))).rows[0];
    },
    async run(db, ...args) {
      return Number((await db.executeQuery(compile(db, ...args))).numAffectedRows ?? 0n);
    },
  };
}
