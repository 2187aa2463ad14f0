import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "./api.js";
import type { PageOf } from "./api-types.js";

const PAGE = 50;

/** A list the server pages by limit and offset, as a screen shows it: page after page, one total. */
export interface Paged<T> {
  /** What has been loaded so far; null until the first page arrives. */
  items: T[] | null;
  /** How many there are in all with these filters. */
  total: number;
  /** The last load's failure, as a sentence ("" once a load succeeds). */
  error: string;
  /** Appends the next page. */
  loadMore: () => void;
  /** Loads the first page again (after the list changed on the server). */
  reload: () => void;
}

/**
 * GET `path` with `filters` (blank ones left out, the others trimmed): the first page when the screen opens and
 * again whenever a filter changes.
 */
export function usePaged<T>(path: string, filters: Record<string, string>): Paged<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState("");
  const query = JSON.stringify(Object.entries(filters).map(([k, v]) => [k, v.trim()]));

  const load = useCallback(
    async (offset: number) => {
      const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
      for (const [k, v] of JSON.parse(query) as [string, string][]) if (v) params.set(k, v);
      try {
        const r = await api<PageOf<T>>("GET", `${path}?${params}`);
        setItems((prev) => (offset === 0 ? r.data : [...(prev ?? []), ...r.data]));
        setTotal(r.total);
        setError("");
      } catch (e) {
        setError(errorMessage(e));
      }
    },
    [path, query],
  );

  useEffect(() => {
    void load(0);
  }, [load]);

  return { items, total, error, loadMore: () => void load(items?.length ?? 0), reload: () => void load(0) };
}
