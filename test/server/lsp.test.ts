// The language server over stdio with a real LSP client connection: every feature, the same diagnostics as
// `repro check`, every quick fix applied and re-checked, and no crash on any input.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { CodeAction, CodeLens, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, Location, TextEdit } from 'vscode-languageserver-protocol';
import { cliEnv, REPRO } from '../helpers/cli';
import { ROOT } from '../helpers/golden';
import { applyEdits, LspClient, SERVER } from '../helpers/lsp';

const CHECK = join(ROOT, 'test', 'golden', 'check');
const FMT = join(ROOT, 'test', 'golden', 'fmt');
let version = 1;
let documentNumber = 0;

/** Opens a new document; the cursor is where `|` is (the `|` is taken out), unless `cursor` is false (a shell pipe). */
async function open(client: LspClient, text: string, cursor = true): Promise<{ uri: string; text: string; position: { line: number; character: number }; diagnostics: Diagnostic[] }> {
  const at = cursor ? text.indexOf('|') : -1;
  const clean = at < 0 ? text : text.slice(0, at) + text.slice(at + 1);
  const before = clean.slice(0, at < 0 ? 0 : at).split('\n');
  const uri = `file:///test/doc${++documentNumber}.repro`;
  await client.open(uri, clean, version);
  const published = await client.diagnostics(uri, version);
  return { uri, text: clean, position: { line: before.length - 1, character: before[before.length - 1].length }, diagnostics: published.diagnostics };
}

describe('language server over stdio', function () {
  this.timeout(30000);
  let client: LspClient;
  before(async () => {
    // No desk (RS105 needs one; `repro check` has none): the golden scripts check as they do from the CLI.
    client = new LspClient({ settings: { run: { repeat: 7 }, codeLens: { enabled: true } }, env: { ...process.env, REPRO_DESK_DB: join(ROOT, 'no-such-folder', 'desk.sqlite') } });
    const { capabilities } = await client.initialize();
    for (const provider of ['completionProvider', 'hoverProvider', 'definitionProvider', 'documentSymbolProvider', 'foldingRangeProvider', 'documentFormattingProvider', 'codeActionProvider', 'codeLensProvider', 'executeCommandProvider']) {
      assert.ok(capabilities[provider], `the server offers ${provider}`);
    }
  });
  after(() => client.close());

  describe('diagnostics: the same as repro check, for every golden script', () => {
    // Nor for repro check: a per-user desk on this machine would otherwise give it RS105s the server has not.
    const NO_DESK_CLI = cliEnv({ XDG_DATA_HOME: join(ROOT, 'no-such-folder') });
    // Invalid UTF-8 cannot reach a language server: the editor decodes the file before the server sees it.
    for (const file of readdirSync(CHECK).filter((f) => f.endsWith('.repro') && !f.includes('utf8'))) {
      it(file, async () => {
        const text = readFileSync(join(CHECK, file), 'utf8');
        const { diagnostics } = await open(client, text, false);
        const cli = JSON.parse(spawnSync(process.execPath, [REPRO, 'check', '--format', 'json', join(CHECK, file)], { env: NO_DESK_CLI, encoding: 'utf8' }).stdout);
        const lsp = diagnostics.map((d) => ({
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
          severity: ['', 'error', 'warning', 'info'][d.severity!],
          code: d.code,
          message: d.message,
        }));
        assert.deepEqual(lsp, cli.map(({ file: _, ...rest }: { file: string }) => rest));
      });
    }
  });

  describe('completion in each context', () => {
    const CASES: [string, string, string[], string[]?][] = [
      ['commands and directives in the header', '|', ['ticket', 'requires', 'step', 'run', 'bug']],
      ['commands (no header directives) in the body', 'step "s"\n  run a\n  |', ['run', 'bug', 'env', 'mask'], ['ticket', 'requires']],
      ['flags of run', 'step "s"\n  run --|', ['--timeout', '--stdin', '--bg']],
      ['flags of http after the URL', 'step "s"\n  http GET http://127.0.0.1/ |', ['--header', '--body', '--body-file', '--timeout']],
      ['HTTP methods', 'step "s"\n  http |', ['GET', 'POST']],
      ['flags of wait', 'step "s"\n  wait |', ['port', 'file', 'output', '--timeout']],
      ['subjects after bug', 'step "s"\n  run a\n  bug |', ['exit', 'stdout', 'stderr', 'status', 'file']],
      ['matchers of a text subject', 'step "s"\n  run a\n  bug stderr |', ['contains', '~', 'empty', '=='], ['exists']],
      ['matchers of exit', 'step "s"\n  run a\n  expect exit |', ['timeout', 'signal', '!=']],
      ['signals', 'step "s"\n  run a\n  bug exit signal |', ['SIGSEGV', 'SIGABRT']],
      ['conditions inside [', 'step "s"\n  [|', ['[linux]', '[!linux]', '[exec:…]']],
      ['variables defined so far inside ${', 'set A 1\nport P\nrun echo ${|\nset LATER 2', ['A', 'P', 'WORK', 'HOME'], ['LATER']],
      ['archive files after @', 'step "s"\n  run a\n  bug stdout == @|\n-- expected.txt --\nx', ['@expected.txt']],
      ['archive files after --stdin', 'step "s"\n  run --stdin |\n-- in.txt --\nx', ['in.txt']],
      ['archive files after --body-file', 'step "s"\n  http POST http://127.0.0.1/ --body-file |\n-- body.json --\n{}', ['body.json']],
      ['background processes after stop', 'step "s"\n  run --bg web server\n  stop |', ['web']],
    ];
    for (const [name, text, expected, absent] of CASES) {
      it(name, async () => {
        const doc = await open(client, text);
        const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: doc.uri }, position: doc.position });
        const labels = list.items.map((i) => i.label);
        for (const label of expected) assert.ok(labels.includes(label), `${label} in ${JSON.stringify(labels)}`);
        for (const label of absent ?? []) assert.ok(!labels.includes(label), `${label} not in ${JSON.stringify(labels)}`);
        assert.ok(list.items.every((i) => i.detail !== undefined), 'every item has its one-line doc');
      });
    }
  });

  describe('hover', () => {
    const hoverAt = async (text: string): Promise<string> => {
      const doc = await open(client, text);
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: doc.position });
      return hover ? (hover.contents as { value: string }).value : '';
    };
    it('a command: its form, doc and example', async () => assert.match(await hoverAt('step "s"\n  ru|n acme'), /run \[--timeout D\].*PROGRAM ARG/s));
    it('a subject', async () => assert.match(await hoverAt('step "s"\n  run a\n  bug std|err contains x'), /standard error/));
    it("a variable: where it is defined", async () => assert.match(await hoverAt('set WHO Zoë\nrun echo ${WH|O}'), /line 1[\s\S]*set WHO Zoë/));
    it('a sandbox variable', async () => assert.match(await hoverAt('step "s"\n  run echo ${WO|RK}'), /sandbox/));
    it("an archive file's first lines", async () => assert.match(await hoverAt('step "s"\n  run a\n  bug stdout == @ex|pected.txt\n-- expected.txt --\nfirst line\nsecond'), /first line\nsecond/));
  });

  it('definition: a variable to where it is set, an archive reference to its section', async () => {
    const doc = await open(client, 'port PORT\nrun echo ${PO|RT}\n');
    const location = await client.request<Location>('textDocument/definition', { textDocument: { uri: doc.uri }, position: doc.position });
    assert.deepEqual(location.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 9 } });
    const archive = await open(client, 'step "s"\n  run --stdin in|.txt cat\n  bug exit 0\n\n-- in.txt --\nx\n');
    const target = await client.request<Location>('textDocument/definition', { textDocument: { uri: archive.uri }, position: archive.position });
    assert.deepEqual(target.range, { start: { line: 4, character: 3 }, end: { line: 4, character: 9 } });
  });

  it('document symbols: the steps and the archive files', async () => {
    const doc = await open(client, '# t\nstep "One"\n  run a\n\nstep "Two"\n  run b\n  bug exit 0\n\n-- a.txt --\nx\n');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: doc.uri } });
    assert.deepEqual(symbols.map((s) => [s.name, s.range.start.line, s.range.end.line]), [['One', 1, 2], ['Two', 4, 6], ['a.txt', 8, 9]]);
  });

  it('folding: steps and archive files', async () => {
    const doc = await open(client, 'step "One"\n  run a\n  run b\nstep "Two"\n  run c\n  bug exit 0\n\n-- a.txt --\nx\ny\n');
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: doc.uri } });
    assert.deepEqual(ranges.map((r) => [r.startLine, r.endLine]), [[0, 2], [3, 5], [7, 9]]);
  });

  describe('formatting: the same as repro fmt', () => {
    for (const input of readdirSync(FMT).filter((f) => f.endsWith('.in.repro') && !f.startsWith('bom'))) {
      it(input, async () => {
        const doc = await open(client, readFileSync(join(FMT, input), 'utf8').replace(/\|/g, '\u2502'));
        const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri: doc.uri }, options: { tabSize: 2, insertSpaces: true } });
        const expected = readFileSync(join(FMT, input.replace('.in.', '.out.')), 'utf8').replace(/\|/g, '\u2502');
        assert.equal(applyEdits(doc.text, edits), expected);
      });
    }
  });

  describe('quick fixes: each applied, and the script checks clean', () => {
    const CASES: [string, string, string][] = [
      ['RS001', 'did you mean', 'step "s"\n  rnu acme\n  bug exit 0\n'],
      ['RS002', 'did you mean (a condition keeps its brackets)', 'step "s"\n  [!linx] run acme\n  bug exit 0\n'],
      ['RS009', 'a bug check after the last run', 'step "s"\n  run acme\n  expect exit 0\n'],
      ['RS101', 'wait instead of sleep', 'step "s"\n  run --bg server acme\n  sleep 2s\n  run acme\n  bug exit 0\n'],
      ['RS103', 'a mask for the output', 'step "s"\n  run date\n  bug stdout contains 2026\n'],
      ['RS006', 'define the variable', 'step "s"\n  run echo ${NAME}\n  bug exit 0\n'],
      ['RS013', 'run the line in a shell', 'step "s"\n  run printf \'a,b\\n\' | sort -n\n  bug stdout contains "a"\n'],
      ['RS013', 'an env line for NAME=VALUE', 'step "s"\n  [linux] run --timeout 5s TZ=Europe/Berlin date -d @0\n  bug stdout contains "1970"\n'],
      ['RS007', 'create the archive file', 'step "s"\n  run --stdin in.txt cat\n  bug exit 0\n'],
    ];
    for (const [code, what, text] of CASES) {
      it(`${code}: ${what}`, async () => {
        const doc = await open(client, text, false);
        const diagnostics = doc.diagnostics.filter((d) => d.code === code);
        assert.ok(diagnostics.length > 0, `${code} is reported`);
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: doc.uri }, range: diagnostics[0].range, context: { diagnostics } });
        const fix = actions.find((a) => a.isPreferred) ?? actions[0];
        assert.ok(fix?.edit?.changes?.[doc.uri], `a quick fix for ${code}`);
        const fixed = applyEdits(doc.text, fix.edit!.changes![doc.uri]);
        const after = await open(client, fixed, false);
        assert.deepEqual(after.diagnostics.map((d) => `${d.code} ${d.message}`), [], `after "${fix.title}":\n${fixed}`);
      });
    }
  });

  it('code lenses: Run, Run ×N (from the settings) and Run to here per step', async () => {
    const doc = await open(client, '# t\nstep "One"\n  run a\nstep "Two"\n  run b\n  bug exit 0\n');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc.uri } });
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command!.title, l.command!.command, l.command!.arguments]), [
      [1, '$(play) Run', 'repro.run', [doc.uri]],
      [1, 'Run ×7', 'repro.runRepeat', [doc.uri, 7]],
      [1, 'Run to here', 'repro.runToStep', [doc.uri, 3]],
      [3, 'Run to here', 'repro.runToStep', [doc.uri, 6]],
    ]);
  });

  it('runs a script for clients without a runner of their own (workspace/executeCommand)', async () => {
    const doc = await open(client, 'step "s"\n  run sh -c "exit 3"\n  bug exit 3\n');
    const result = await client.request<{ outcome: string; reason: string }>('workspace/executeCommand', { command: 'repro.run', arguments: [doc.uri] });
    assert.equal(result.outcome, 'reproduced', result.reason);
  });

  it('publishes versions in order, ending with the newest (older pending versions are dropped)', async () => {
    const uri = 'file:///test/stale.repro';
    await client.open(uri, 'rnu\n', 1);
    for (let v = 2; v <= 20; v++) await client.change(uri, v, v % 2 ? 'rnu\n' : 'step "s"\n  run a\n  bug exit 0\n');
    const last = await client.diagnostics(uri, 20);
    assert.deepEqual(last.diagnostics, []);
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
  });

  it('after edits in place, answers as for the same text opened fresh (its trees are built incrementally)', async () => {
    const uri = 'file:///test/edited.repro';
    let text = 'step "One"\n  run a\n  bug exit 1\n\nstep "Two"\n  run b \\\n    c\n  bug exit 2\n';
    await client.open(uri, text, 1);
    const edits: [number, number, number, string][] = [[4, 6, 0, 'Zwei '], [1, 2, 3, 'http GET http://x/'], [6, 0, 0, 'step "Three"\n'], [2, 0, 0, '  set A 1\n'], [5, 9, 1, '']];
    let v = 1;
    for (const [line, character, length, insert] of edits) {
      const range = { start: { line, character }, end: { line, character: character + length } };
      await client.change(uri, ++v, insert, range);
      text = applyEdits(text, [{ range, newText: insert }]);
      // Completion (a prefix tree) between the edits, as when typing.
      await client.request('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    }
    const fresh = await open(client, text);
    for (const method of ['textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/codeLens']) {
      const edited = await client.request(method, { textDocument: { uri } });
      const opened = await client.request(method, { textDocument: { uri: fresh.uri } });
      assert.deepEqual(JSON.parse(JSON.stringify(edited).replaceAll(uri, fresh.uri)), opened, method);
    }
    assert.deepEqual((await client.diagnostics(uri, v)).diagnostics, fresh.diagnostics);
  });

  it('never crashes, whatever the text and the position', async () => {
    const pieces = ['run', 'bug', 'stdout', '~', '/a/', '"', "'", '${', '}', '[', ']', '#', '\\', '\n', ' ', '-- f --', '@', '--stdin', 'http', 'step'];
    const text = fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 40 }).map((p) => p.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.nat(), async (body, at) => {
        const uri = `file:///test/fuzz${++documentNumber}.repro`;
        await client.open(uri, body, 1);
        const lines = body.split('\n');
        const line = at % lines.length;
        const position = { line, character: at % (lines[line].length + 1) };
        for (const method of ['textDocument/completion', 'textDocument/hover', 'textDocument/definition', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/formatting', 'textDocument/codeLens']) {
          await client.request(method, { textDocument: { uri }, position, options: { tabSize: 2, insertSpaces: true } });
        }
        await client.diagnostics(uri, 1);
      }),
      { numRuns: 150 },
    );
    assert.equal(client.exited, false);
  });
});

describe('repro-language-server as a command', () => {
  const server = (args: string[], env: NodeJS.ProcessEnv = cliEnv()) => spawnSync(process.execPath, [SERVER, ...args], { env, encoding: 'utf8' });
  it('--help says how to start it, in the language of the environment', () => {
    assert.match(server(['--help']).stdout, /^Usage: repro-language-server --stdio/);
    assert.match(server(['--help'], { ...cliEnv(), LANG: 'ru_RU.UTF-8' }).stdout, /^Использование: repro-language-server --stdio/);
  });
  it('without a transport: one line on stderr, exit 2', () => {
    const { status, stderr, stdout } = server([]);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^repro-language-server: say how to talk: --stdio[^\n]*\n$/);
  });
});

describe('language server in Russian', function () {
  this.timeout(30000);
  it('speaks the client\'s locale', async () => {
    const client = new LspClient({ locale: 'ru' });
    await client.initialize();
    await client.open('file:///ru.repro', 'rnu\n', 1);
    const { diagnostics } = await client.diagnostics('file:///ru.repro', 1);
    assert.match(String(diagnostics.find((d) => d.code === 'RS001')!.message), /неизвестная команда `rnu`/);
    await client.close();
  });
});
