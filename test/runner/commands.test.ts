// Every command, subject, matcher and outcome of spec §3–4, each in a small script run for real.

import { strict as assert } from 'node:assert';
import { runText, script } from '../helpers/runner';

interface Case {
  name: string;
  text: string;
  outcome: 'reproduced' | 'not-reproduced' | 'inconclusive' | 'error';
  reason?: RegExp;
}

const CASES: Case[] = [
  // Outcomes.
  { name: 'every bug check matches: reproduced', text: script('run false\nbug exit 1\nrun sh -c "echo boom >&2"\nbug stderr contains boom'), outcome: 'reproduced', reason: /^line 3: bug exit 1 matched: exit 1$/ },
  { name: 'a bug check does not match: not-reproduced', text: script('run true\nbug exit 1'), outcome: 'not-reproduced', reason: /^line 3: bug exit 1 did not match: exit 0$/ },
  { name: 'one of two bug checks fails: not-reproduced', text: script('run false\nbug exit 1\nbug exit 2'), outcome: 'not-reproduced', reason: /^line 4: bug exit 2 did not match/ },
  { name: 'a failed expect stops the run: inconclusive', text: script('run echo hi\nexpect stdout contains bye\nbug exit 0'), outcome: 'inconclusive', reason: /^line 3: expect stdout contains bye failed: "hi\\n"$/ },
  { name: 'the implicit expect exit 0', text: script('run sh -c "exit 4"\nbug stdout empty'), outcome: 'inconclusive', reason: /^line 2: expect exit 0 failed: exit 4$/ },
  { name: 'an explicit exit check replaces the implicit one', text: script('run sh -c "exit 4"\nexpect exit 4\nbug stdout empty'), outcome: 'reproduced' },
  { name: 'no bug check executed: inconclusive', text: script('run true\n[windows] bug exit 0'), outcome: 'inconclusive', reason: /^line 2: no bug check was executed$/ },
  { name: 'a script with errors is not run', text: script('rnu true\nbug exit 0'), outcome: 'error', reason: /^line 2: RS001 unknown command `rnu`/ },
  { name: 'the whole-run timeout', text: script('run --timeout 5s sleep 3\nbug exit 0', 'timeout 300ms'), outcome: 'inconclusive', reason: /^line 3: the run took longer than its timeout of 300 ms$/ },
  // requires
  { name: 'requires a program that is there', text: script('run true\nbug exit 0', 'requires sh'), outcome: 'reproduced' },
  { name: 'requires a program that is not', text: script('run true\nbug exit 0', 'requires no-such-program-here'), outcome: 'inconclusive', reason: /^line 1: requires no-such-program-here: not found on PATH$/ },
  { name: 'requires a version range that holds', text: script('run true\nbug exit 0', 'requires node >=1'), outcome: 'reproduced' },
  { name: 'requires a version range that does not hold', text: script('run true\nbug exit 0', 'requires node <1'), outcome: 'inconclusive', reason: /requires node <1: the version is \d+\.\d+/ },
  // run
  { name: 'run passes arguments without a shell', text: script(`run printf '%s|' 'a b' '$HOME' '*'\nbug stdout == "a b|$HOME|*|"`), outcome: 'reproduced' },
  { name: 'run --timeout ends the program', text: script('run --timeout 200ms sleep 5\nbug exit timeout'), outcome: 'reproduced' },
  { name: 'run --stdin feeds an archive file', text: script('run --stdin in.txt cat\nbug stdout == "from the archive"') + '\n-- in.txt --\nfrom the archive\n', outcome: 'reproduced' },
  { name: 'a program not on PATH is not evidence', text: script('run no-such-program-here\nbug exit 127'), outcome: 'inconclusive', reason: /^line 2: cannot start no-such-program-here: not found on PATH$/ },
  { name: 'a program that exits 127 itself is evidence', text: script("run sh -c 'exit 127'\nbug exit 127"), outcome: 'reproduced' },
  { name: 'an archive file without the execute bit', text: script('run ./tool\nbug exit != 0') + '\n-- tool --\n#!/bin/sh\nexit 1\n', outcome: 'inconclusive', reason: /^line 2: cannot start \.\/tool: it is not executable$/ },
  { name: 'a folder as the program', text: script('run ./sub\nbug exit != 0') + '\n-- sub/x --\n', outcome: 'inconclusive', reason: /^line 2: cannot start \.\/sub: it is a folder, not a program$/ },
  { name: 'a script whose interpreter is missing', text: script("run sh -c 'printf \"#!/no/such/shell\\\\n\" > t; chmod +x t'\nrun ./t\nbug exit != 0"), outcome: 'inconclusive', reason: /^line 3: cannot start \.\/t: the interpreter on its #! line is not there$/ },
  { name: '#!/usr/bin/env NAME with NAME not on PATH', text: script("run sh -c 'printf \"#!/usr/bin/env no-such-shell-here\\\\n\" > t; chmod +x t'\nrun ./t\nbug exit != 0"), outcome: 'inconclusive', reason: /^line 3: cannot start \.\/t: the interpreter on its #! line is not there$/ },
  // A #! line naming the script itself loops in exec; the lookup stops at the kernel's depth and lets it run.
  { name: 'a #! loop is looked up a few levels, then run', text: script("run sh -c 'printf \"#!/usr/bin/env ./t\\\\n\" > t; chmod +x t'\nrun --timeout 300ms ./t\nbug exit timeout"), outcome: 'reproduced' },
  // `set` ends the first batch, so the second (rm, ./t) is made while ./t is there: the shell's own check sees it gone.
  { name: 'a program an earlier one in the batch removed', text: script("run cp /bin/true ./t\nset X 1\nrun rm t\nrun ./t\nbug exit != 0"), outcome: 'inconclusive', reason: /^line 5: cannot start \.\/t: no such file$/ },
  { name: 'run --bg of a program not on PATH', text: script('run --bg srv no-such-server-here\nrun true\nbug exit 0'), outcome: 'inconclusive', reason: /^line 2: cannot start no-such-server-here: not found on PATH$/ },
  { name: 'a signal', text: script("run sh -c 'kill -SEGV $$'\nbug exit signal SIGSEGV\nbug exit 139"), outcome: 'reproduced' },
  { name: 'exit != N', text: script('run sh -c "exit 3"\nbug exit != 0'), outcome: 'reproduced' },
  // Text subjects and matchers.
  { name: 'stdout ==, ignoring one trailing newline', text: script('run echo hello\nbug stdout == hello\nbug stdout == "hello\\n"'), outcome: 'reproduced' },
  { name: 'stderr contains and !contains', text: script('run sh -c "echo oops >&2"\nbug stderr contains oops\nbug stderr !contains fine'), outcome: 'reproduced' },
  { name: 'output is stdout then stderr', text: script('run sh -c "echo out; echo err >&2"\nbug output == "out\\nerr"'), outcome: 'reproduced' },
  { name: '~ and !~ with flags', text: script('run echo Hello World\nbug stdout ~ /hello\\s+world/i\nbug stdout !~ /^world/m'), outcome: 'reproduced' },
  { name: 'empty and !empty', text: script('run true\nbug stdout empty\nrun echo x\nbug stdout !empty'), outcome: 'reproduced' },
  { name: '== @FILE', text: script('run printf "line 1\\nline 2\\n"\nbug stdout == @expected.txt') + '\n-- expected.txt --\nline 1\nline 2\n', outcome: 'reproduced' },
  { name: 'file PATH: content, exists, !exists', text: script('run sh -c "echo data > out.txt"\nbug file out.txt contains data\nbug file out.txt exists\nbug file missing.txt !exists'), outcome: 'reproduced' },
  { name: 'duration < and >', text: script('run true\nbug duration < 30s\nbug duration > 0ms'), outcome: 'reproduced' },
  // Variables.
  { name: 'set and ${NAME}', text: script('set WHO "Zoë Müller"\nrun echo ${WHO}\nbug stdout == "Zoë Müller"'), outcome: 'reproduced' },
  { name: 'capture the first group', text: script('run echo "id: 42"\ncapture ID stdout /id: (\\d+)/\nrun echo ${ID}\nbug stdout == 42'), outcome: 'reproduced' },
  { name: 'capture that finds nothing stops the run', text: script('run echo none\ncapture ID stdout /id: (\\d+)/\nbug exit 0'), outcome: 'inconclusive', reason: /^line 3: capture ID: \/id: \(\\d\+\)\/ does not match "none\\n"$/ },
  { name: 'env sets a variable for later commands, quoted after =', text: script('env GREETING="a b"\nrun sh -c \'echo "$GREETING"\'\nbug stdout == "a b"'), outcome: 'reproduced' },
  { name: 'the sandbox variables', text: script("run sh -c 'echo $TZ $LANG $LC_ALL $SOURCE_DATE_EPOCH $REPRO_SEED $NO_COLOR $TERM'\nbug stdout == \"UTC C.UTF-8 C.UTF-8 946684800 7 1 dumb\"", 'seed 7'), outcome: 'reproduced' },
  // cd, port, wait, stop, sleep, conditions.
  { name: 'cd moves inside WORK', text: script('run mkdir sub\ncd sub\nrun pwd\nbug stdout == "$WORK/sub"'), outcome: 'reproduced' },
  { name: 'port, a background server, wait port, http, stop', text: script(`port P\nrun --bg web node -e "require('http').createServer((q,s)=>s.end('hi '+q.url)).listen(process.argv[1],'127.0.0.1')" \${P}\nwait port \${P}\nhttp GET http://127.0.0.1:\${P}/x --header "X-A: b"\nbug status 200\nbug body == "hi /x"\nbug header Content-Length == 5\nstop web`), outcome: 'reproduced' },
  { name: 'http status comparisons and POST bodies', text: script(`port P\nrun --bg web node -e "require('http').createServer((q,s)=>{let b='';q.on('data',d=>b+=d);q.on('end',()=>{s.statusCode=418;s.end(q.method+':'+b)})}).listen(process.argv[1],'127.0.0.1')" \${P}\nwait port \${P}\nhttp POST http://127.0.0.1:\${P}/ --body "a=1"\nbug status >= 400\nbug status < 500\nbug status > 417\nbug status <= 418\nbug status != 200\nbug body == "POST:a=1"\nhttp PUT http://127.0.0.1:\${P}/ --body-file body.json\nbug body == "PUT:{}"`) + '\n-- body.json --\n{}', outcome: 'reproduced' },
  { name: 'http --timeout gives up on a server that does not answer', text: script(`port P\nrun --bg mute node -e "require('net').createServer(()=>{}).listen(process.argv[1],'127.0.0.1')" \${P}\nwait port \${P}\nhttp GET http://127.0.0.1:\${P}/ --timeout 200ms\nbug status 0\nbug duration < 5s`), outcome: 'reproduced' },
  { name: 'wait port that never opens', text: script('port P\nwait port ${P} --timeout 200ms\nrun true\nbug exit 0'), outcome: 'inconclusive', reason: /^line 3: wait port \$\{P\} --timeout 200ms: not within 200 ms$/ },
  { name: 'http to a closed port gives status 0', text: script('port P\nhttp GET http://127.0.0.1:${P}/\nbug status 0'), outcome: 'reproduced' },
  { name: 'http outside loopback is refused without allow-network', text: script('http GET http://192.0.2.1/\nbug status 0'), outcome: 'inconclusive', reason: /^line 2: http to 192\.0\.2\.1 is refused/ },
  { name: 'wait output for a background process', text: script(`run --bg w sh -c 'echo starting; echo ready; sleep 30'\nwait output w contains ready\nrun true\nbug exit 0`), outcome: 'reproduced' },
  { name: 'wait output that never comes', text: script(`run --bg w sh -c 'echo starting; sleep 30'\nwait output w contains ready --timeout 300ms\nrun true\nbug exit 0`), outcome: 'inconclusive', reason: /^line 3: wait output w contains ready --timeout 300ms: not within 300 ms$/ },
  { name: 'wait file', text: script(`run --bg w sh -c 'sleep 0.2; touch ready'\nwait file ready\nrun true\nbug exit 0`), outcome: 'reproduced' },
  { name: 'sleep', text: script('sleep 10ms\nrun true\nbug exit 0'), outcome: 'reproduced' },
  { name: 'run --bg --timeout ends the background program', text: script(`run --timeout 100ms --bg w sh -c 'sleep 30'\nwait output w contains never --timeout 5s\nrun true\nbug exit 0`), outcome: 'inconclusive', reason: /^line 3: wait output w contains never --timeout 5s: not within 5000 ms$/ },
  { name: 'conditions skip lines', text: script('[windows] run false\n[!windows] run true\n[env:NOPE] run false\n[exec:sh] bug exit 0'), outcome: 'reproduced' },
];

describe('runner: commands, subjects, matchers, outcomes', function () {
  this.timeout(30000);
  for (const c of CASES) {
    it(c.name, async () => {
      const { result } = await runText(c.text);
      assert.equal(result.outcome, c.outcome, `${result.outcome}: ${result.reason}`);
      if (c.reason) assert.match(result.reason, c.reason);
    });
  }
});

describe('runner: allow-network', function () {
  this.timeout(30000);
  it('lets http reach the host it names, and only that host', async () => {
    // A real non-loopback address of this machine, served by a real server listening on every interface.
    const { networkInterfaces } = await import('node:os');
    const address = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    assert.ok(address, 'this machine needs a non-loopback IPv4 address for this test');
    const { createServer } = await import('node:http');
    const server = createServer((_, res) => res.end('far')).listen(0, '0.0.0.0');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const allowed = await runText(script(`http GET http://${address}:${port}/\nbug body == far`, `allow-network ${address}:${port}`));
      assert.equal(allowed.result.outcome, 'reproduced', allowed.result.reason);
      const other = await runText(script(`http GET http://${address}:${port}/\nbug body == far`, `allow-network ${address}:1`));
      assert.equal(other.result.outcome, 'inconclusive');
      assert.match(other.result.reason, /is refused/);
    } finally {
      server.close();
    }
  });
});
