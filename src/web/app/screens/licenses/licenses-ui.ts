import type { MouseEvent } from "react";
import { navigate } from "../../router.js";

// Helpers for the license screens; the shapes come from the server's schemas (api-types.ts).

/** An in-app link: the router handles it, a middle click still opens a tab. */
export function go(event: MouseEvent<HTMLAnchorElement>, to: string): void {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(to);
}

export { when } from "../format.js";
