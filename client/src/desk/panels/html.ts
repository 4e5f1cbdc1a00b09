// The one page a panel's webview loads: an empty skeleton, the stylesheet and one script, under a strict
// Content-Security-Policy. It never holds desk data: the script asks for the data by message and builds the
// page with createElement/textContent, so a `<script>` in a subject is text, never markup (spec §5).
// Pure: the tests compare a panel's HTML with this skeleton.

import { randomBytes } from 'node:crypto';

export interface SkeletonInput {
  kind: 'ticket' | 'bug';
  /** The webview's own origin for local resources (webview.cspSource). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** The UI language (vscode.env.language), for the page's lang attribute. */
  lang: string;
  nonce: string;
}

/** A fresh nonce for each page: 128 random bits, base64 without the characters that need quoting. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64').replace(/[+/=]/g, '');
}

/** Attribute text: the inputs are URIs and a language tag the extension makes, escaped all the same. */
const attribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}'; img-src ${cspSource} data:`;
}

export function skeletonHtml(input: SkeletonInput): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${attribute(input.lang)}">`,
    '<head>',
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${attribute(contentSecurityPolicy(input.cspSource, input.nonce))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" href="${attribute(input.styleUri)}">`,
    '</head>',
    `<body class="desk-panel ${input.kind}-panel" data-kind="${input.kind}">`,
    '<main id="app" aria-busy="true"></main>',
    `<script nonce="${attribute(input.nonce)}" src="${attribute(input.scriptUri)}"></script>`,
    '</body>',
    '</html>',
  ].join('\n');
}
