import { useEffect, useState } from "react";

/** A tiny history router: the app has a handful of top-level screens under /app. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    window.addEventListener("popstate", onPop);
    window.addEventListener("beedesk:navigate", onPop);
    return () => {
      window.removeEventListener("popstate", onPop);
      window.removeEventListener("beedesk:navigate", onPop);
    };
  }, []);
  return path;
}

export function navigate(to: string): void {
  if (to === location.pathname + location.search) return;
  history.pushState(null, "", to);
  window.dispatchEvent(new Event("beedesk:navigate"));
}
