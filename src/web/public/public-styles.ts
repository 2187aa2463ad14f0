/** Styles of the server-rendered pages, served as /assets/public.css (no inline styles or script). */
export const PUBLIC_CSS = `
:root { --ink:#1b1f24; --muted:#545d68; --brand:#0b6e4f; --brand-ink:#fff; --line:#d9dee3; --bg:#f7f8f6; --card:#fff; }
* { box-sizing: border-box; }
body { margin:0; font: 17px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
a { color: var(--brand); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.skip { position:absolute; left:-999px; top:0; background:#fff; padding:8px 12px; }
.skip:focus { left:8px; z-index:10; }
header.site { background: var(--brand); color: var(--brand-ink); }
header.site .inner, main, footer.site .inner { max-width: 820px; margin: 0 auto; padding: 0 20px; }
header.site .inner { display:flex; align-items:center; justify-content:space-between; gap:16px; flex-wrap:wrap; padding-top:14px; padding-bottom:14px; }
header.site a { color: var(--brand-ink); text-decoration:none; }
header.site .brand { font-weight:700; font-size:1.15rem; }
header.site nav ul { list-style:none; display:flex; gap:18px; margin:0; padding:0; flex-wrap:wrap; }
header.site nav a[aria-current="page"] { text-decoration: underline; text-underline-offset: 4px; }
main { padding-top: 28px; padding-bottom: 40px; }
h1 { font-size: 2rem; line-height:1.25; margin: 0 0 12px; }
h2 { font-size: 1.3rem; margin: 32px 0 8px; }
.lead { font-size: 1.1rem; color: var(--muted); }
.card { background: var(--card); border:1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 16px 0; }
.rates { border-collapse: collapse; width: 100%; max-width: 480px; }
.rates th, .rates td { text-align:left; padding: 8px 10px; border-bottom: 1px solid var(--line); }
.rates td.amount { font-variant-numeric: tabular-nums; font-weight: 600; }
.button { display:inline-block; background: var(--brand); color: var(--brand-ink); padding: 10px 16px; border-radius: 8px; text-decoration:none; font-weight:600; border:0; font-size:1rem; cursor:pointer; }
.number { font-size: 1.25rem; font-weight: 700; letter-spacing: .02em; }
.note { color: var(--muted); }
.grid { display:grid; grid-template-columns: repeat(auto-fit, minmax(230px, 1fr)); gap: 16px; }
.grid .card h2 { margin-top: 0; }
footer.site { border-top:1px solid var(--line); color: var(--muted); font-size: .9rem; }
footer.site .inner { padding-top: 16px; padding-bottom: 24px; }
.lang { color: var(--brand-ink); border: 1px solid rgba(255,255,255,.6); padding: 3px 10px; border-radius: 6px; }
form.stack { display:grid; gap: 12px; max-width: 560px; }
form.stack label { font-weight: 600; display:grid; gap: 4px; }
input, select, textarea { font: inherit; padding: 8px 10px; border: 1px solid #8a949e; border-radius: 6px; background:#fff; color: var(--ink); }
.error { color: #b00020; font-weight: 600; }
.ok { color: var(--brand); font-weight: 600; }
.badge { display:inline-block; padding: 1px 8px; border-radius: 10px; font-size: .85rem; font-weight:600; }
.badge.active { background:#d8f0e4; color:#0b5a40; }
.badge.expired { background:#fde2e1; color:#8a1c17; }
.thread { list-style:none; padding:0; }
.thread li { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px 14px; margin: 10px 0; white-space: pre-wrap; }
.thread li.agent { border-left: 4px solid var(--brand); }
.actions { display:flex; flex-wrap:wrap; align-items:center; gap: 10px 16px; }
fieldset { min-width: 0; }
input, select, textarea, img, table { max-width: 100%; }
form.stack input:not([type="checkbox"]):not([type="radio"]), form.stack select, form.stack textarea { width: 100%; }
main { overflow-wrap: anywhere; }
@media (max-width: 560px) { h1 { font-size: 1.6rem; } body { font-size: 16px; } }
`;
