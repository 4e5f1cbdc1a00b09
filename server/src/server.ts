// Reserved for the language server (LSP over stdio and IPC), which the editor integration brings.
// Until then the bin exists so that package managers and editor configurations can refer to it, and it
// says plainly that it cannot serve yet instead of hanging on a silent stdin.
process.stderr.write('repro-language-server: the language server is not in this version yet; use `repro check` meanwhile\n');
process.exitCode = 2;
