// HTML documents that are safe to open anywhere: a webview, a browser from a mail attachment, a printer.
// One self-contained page: no script, nothing fetched (the Content-Security-Policy forbids all but inline
// style and data: images, so even a mistake here could not load anything), and every field escaped.

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values alike (SVG inside HTML included). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

// Fonts are the system's own (no web fonts: nothing may be fetched). Print: A4 with margins, no backgrounds
// needed to read anything, table headers repeated on each page, rows, charts and signatures kept whole.
const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; color: #1f2328; background: #fff; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; }
h1 { font-size: 22px; margin: 0 0 10px; }
h2 { font-size: 17px; margin: 26px 0 8px; padding-bottom: 3px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 15px; margin: 18px 0 6px; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
p { margin: 6px 0; }
ul, ol { margin: 6px 0; padding-left: 24px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
table.compact { width: auto; min-width: 50%; }
thead th { background: #f6f8fa; }
th.num, td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.nowrap { white-space: nowrap; }
table.fields { width: auto; }
table.fields th { font-weight: 600; white-space: nowrap; }
code { overflow-wrap: anywhere; }
code, pre { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
pre { margin: 8px 0 12px; padding: 8px 10px; white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; border: 1px solid #d0d7de; }
.notice { margin: 10px 0; padding: 8px 12px; border: 2px solid #d0d7de; font-weight: 600; }
.notice-draft { border-color: #9a6700; color: #7d4e00; }
.notice-void { border-color: #cf222e; color: #a40e26; }
figure.chart { margin: 8px 0 4px; }
figure.chart svg { max-width: 100%; height: auto; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; fill: #1f2328; }
svg .bar { fill: #3b6ea5; }
table.signatures { margin-top: 16px; border-collapse: separate; border-spacing: 16px 0; }
table.signatures th, table.signatures td { border: none; padding: 6px 8px; background: none; }
table.signatures tbody th { vertical-align: bottom; }
table.signatures td.blank { border-bottom: 1px solid #1f2328; height: 30px; min-width: 180px; }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  body { padding: 0; color: #000; font-size: 10.5pt; }
  main { max-width: none; }
  thead { display: table-header-group; }
  tr, figure, .notice, table.signatures { break-inside: avoid; page-break-inside: avoid; }
  thead th, pre { background: none; }
}
`;

/** The page around a document's body: language, charset, the policy, the style, the title. */
export function htmlPage(lang: string, title: string, body: string): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
