import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "./api.js";

/** What a screen reads from the server: the last answer, the last failure, and a way to load again. */
export interface Data<T> {
  /** The last answer (kept while a reload runs); null until the first one arrives. */
  data: T | null;
  /** The last load's failure, null once a load succeeds. */
  error: unknown;
  /** Loads again; never rejects (a failure lands in `error`). */
  reload: () => Promise<void>;
  /** Replaces the data with an answer the screen already has (an action that answers the new state). */
  setData: (data: T) => void;
}

/**
 * Runs `load` when the screen opens and again whenever `load` changes (wrap it in useCallback: its
 * dependencies are what the data depends on). An answer to an older load never overwrites a newer one.
 */
export function useLoader<T>(load: () => Promise<T>): Data<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const run = ++latest.current;
    try {
      const answer = await load();
      if (run !== latest.current) return;
      setData(answer);
      setError(null);
    } catch (e) {
      if (run === latest.current) setError(e);
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const replace = useCallback((answer: T) => {
    latest.current++;
    setData(answer);
    setError(null);
  }, []);
  return { data, error, reload, setData: replace };
}

/** GETs `path` (typed by the API's shapes in api-types.ts) when the screen opens and when `path` changes. */
export function useData<T>(path: string): Data<T> {
  return useLoader(useCallback(() => api<T>("GET", path), [path]));
}
