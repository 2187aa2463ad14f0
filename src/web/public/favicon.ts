/**
 * beedesk's icon for browser tabs and bookmarks (the agent app, the portal, the public pages and the simulator):
 * a brand-green tile with a honeycomb cell. Served as /favicon.svg and, for browsers and tools that ask for it
 * without reading the page, /favicon.ico.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="14" fill="#0b6e4f"/>
<path d="M32 12 49 22v20L32 52 15 42V22z" fill="none" stroke="#ffd34d" stroke-width="6" stroke-linejoin="round"/>
<circle cx="32" cy="32" r="6" fill="#ffd34d"/>
</svg>
`;
