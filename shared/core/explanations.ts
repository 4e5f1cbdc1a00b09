// What each diagnostic code means at length, as `repro help CODE` and the language reference explain it (like
// `rustc --explain`): what it is, why it matters, how to fix it, and a script before and after the fix.
// The second half of the diagnostics table: keyed by its codes, so a code without an explanation does not
// compile. Invariant (test/core/explanations.test.ts): every `before` yields its code and every `after` checks
// clean, with `knownTickets` as the desk. Prose is English, shown through l10n.t; the scripts are code, never
// translated.

import type { DiagnosticCode } from './diagnostics';

export interface Explanation {
  what: string;
  why: string;
  fix: string;
  before: string;
  after: string;
  /** The ticket keys the example's desk knows (RS105 needs a desk to look keys up in). */
  knownTickets?: readonly string[];
}

export const EXPLANATIONS: Record<DiagnosticCode, Explanation> = {
  RS001: {
    what: 'A line starts with a word that is neither a command nor a directive of the language.',
    why: 'A script runs only when every line means something: a misspelt `run` would silently skip a step of the reproduction, so the script is not run at all.',
    fix: 'Correct the word (the message suggests the nearest one), or make the line a comment with #. repro help language lists every command and directive.',
    before: 'step "Export"\n  rnu acme export --month 2026-11\n  bug exit 1\n',
    after: 'step "Export"\n  run acme export --month 2026-11\n  bug exit 1\n',
  },
  RS002: {
    what: 'A line that cannot be read: a quote or escape not closed, an argument missing or one too many, a duration, integer or condition written wrong.',
    why: 'The runner cannot guess what a malformed line meant; running a guess could check something other than what you wrote.',
    fix: 'Write the line as its usage in the message says: durations are a number and a unit (250ms, 2s, 1.5m), quotes are closed, and each command takes the arguments repro help language lists.',
    before: 'timeout 30 seconds\n\nstep "Export"\n  run acme export\n  bug exit 1\n',
    after: 'timeout 30s\n\nstep "Export"\n  run acme export\n  bug exit 1\n',
  },
  RS003: {
    what: 'A /regular expression/ that JavaScript cannot compile, or an unknown or repeated flag after it.',
    why: 'A check with a broken pattern could never match, so the script would say not reproduced for a reason that has nothing to do with the defect.',
    fix: 'Fix the pattern (escape ( [ { + * ? . with a backslash where you mean the character itself); flags are i, m and s.',
    before: 'step "Export"\n  run acme export\n  bug stderr ~ /error (code [0-9]+/\n',
    after: 'step "Export"\n  run acme export\n  bug stderr ~ /error \\(code [0-9]+/\n',
  },
  RS004: {
    what: 'A directive that belongs in the header (ticket, title, requires, timeout, seed, allow-network) comes after the first command.',
    why: 'Header directives apply to the whole run; written after a command, it would look as if it applied only from there on, which is not what the runner does.',
    fix: 'Move the directive up, before the first step or command. env and mask may stay where they are: they apply from their line on.',
    before: 'step "Export"\n  run acme export\n  timeout 30s\n  bug exit 1\n',
    after: 'timeout 30s\n\nstep "Export"\n  run acme export\n  bug exit 1\n',
  },
  RS005: {
    what: 'A check that has nothing to refer to (no run or http before it), or whose subject does not fit the latest action: status or body after a run, exit or stdout after an http, stdout of a program in the background.',
    why: 'A check reads the result of the latest action; with none, or the wrong kind, it would compare with nothing and its answer would mean nothing.',
    fix: 'Put the check after the run or http whose result it reads, or use the subject that action has. For a program started with run --bg, use wait output NAME.',
    before: 'step "Export"\n  bug stderr contains "failed"\n  run acme export\n',
    after: 'step "Export"\n  run acme export\n  bug stderr contains "failed"\n',
  },
  RS006: {
    what: 'A ${NAME} is used before any env, set, capture or port line defines it, and it is not one of the sandbox\'s variables.',
    why: 'An undefined variable would expand to nothing, so the program would get an argument other than the one you meant.',
    fix: 'Define the variable before its first use (set NAME VALUE, env NAME=VALUE, capture, port), or guard the line with [env:NAME] when it comes from repro run --env.',
    before: 'step "Export"\n  run acme export --out ${OUT}\n  bug exit 1\n',
    after: 'step "Export"\n  set OUT report.csv\n  run acme export --out ${OUT}\n  bug exit 1\n',
  },
  RS007: {
    what: 'An @FILE operand, --stdin FILE or --body-file FILE names a file that the script\'s archive does not hold.',
    why: 'The run would have no such file in WORK, so the program would read nothing, or the check would compare with nothing.',
    fix: 'Add the file to the archive at the end of the script (a line -- NAME -- and its content below it), or correct the name.',
    before: 'step "Import"\n  run --stdin customers.csv acme import\n  bug exit 1\n',
    after: 'step "Import"\n  run --stdin customers.csv acme import\n  bug exit 1\n\n-- customers.csv --\nname\nZoë Müller\n',
  },
  RS008: {
    what: 'A path the runner opens (cd, file, --stdin, --body-file, wait file, an archive name) is absolute or leads out of WORK with ...',
    why: 'A run is hermetic: everything it reads and writes is in its own fresh folder. A path outside it would depend on the machine and could touch files that are not the run\'s.',
    fix: 'Use a path relative to WORK. Put what the program needs into the archive.',
    before: 'step "Export"\n  run acme export\n  bug file ../report.csv exists\n',
    after: 'step "Export"\n  run acme export\n  bug file report.csv exists\n',
  },
  RS009: {
    what: 'The script has no bug check: only preconditions (expect) and commands.',
    why: 'A run is reproduced when its bug checks match; with none, it can never say reproduced, so it measures nothing about the defect.',
    fix: 'Say how the defect shows itself with a bug check: bug exit 1, bug stderr contains "…", bug status 500.',
    before: 'step "Export"\n  run acme export\n  expect exit 0\n',
    after: 'step "Export"\n  run acme export\n  bug stderr contains "Traceback"\n',
  },
  RS010: {
    what: 'The archive holds two files with the same name.',
    why: 'Only one of them could be written into WORK; which one the program reads would be an accident.',
    fix: 'Remove one of them, or give them different names.',
    before: 'step "Import"\n  run --stdin data.csv acme import\n  bug exit 1\n\n-- data.csv --\nname\n-- data.csv --\nName\n',
    after: 'step "Import"\n  run --stdin data.csv acme import\n  bug exit 1\n\n-- data.csv --\nname\n',
  },
  RS011: {
    what: 'stop NAME or wait output NAME names no background process started before it with run --bg NAME.',
    why: 'There would be nothing to stop or wait for: the wait would fail every time, for a reason that is not the defect.',
    fix: 'Start the process first with run --bg NAME …, or use the name it was started with.',
    before: 'step "Serve"\n  run --bg web acme serve\n  wait output server contains "ready"\n  run acme ping\n  bug exit 1\n',
    after: 'step "Serve"\n  run --bg web acme serve\n  wait output web contains "ready"\n  run acme ping\n  bug exit 1\n',
  },
  RS012: {
    what: 'A ticket line names a key that is not a ticket key: capital letters or digits, a dash and a number, e.g. SUP-1042.',
    why: 'The key links the script to its ticket on the desk: a recorded run goes to that ticket, and the editor shows it. A malformed key links to nothing.',
    fix: 'Write the key as the desk shows it.',
    before: 'ticket SUP1042\n\nstep "Export"\n  run acme export\n  bug exit 1\n',
    after: 'ticket SUP-1042\n\nstep "Export"\n  run acme export\n  bug exit 1\n',
  },
  RS013: {
    what: 'A `run` line holds shell syntax: an unquoted `|`, `&&`, `;` or `&`, a redirection (`>`, `2>&1`, `<`), a substitution (`$(…)` or backquotes), or a first word `NAME=VALUE`.',
    why: 'run starts the program itself, with no shell, so none of that does what it does in a shell: printf would get | and sort as arguments, and TZ=Europe/Berlin would be taken for the program\'s name. The run would then check something other than what you meant, and can reproduce without the defect.',
    fix: 'Run a shell yourself: run sh -c \'…\' with the whole line in single quotes. For NAME=VALUE, put env NAME=VALUE on a line before (or use run env NAME=VALUE PROGRAM). Quote the word if you meant the character itself.',
    before: 'step "Sort"\n  run printf \'b,2\\na,1\\n\' | sort\n  bug stdout contains "b,2\\na,1"\n',
    after: 'step "Sort"\n  run sh -c \'printf "b,2\\na,1\\n" | sort\'\n  bug stdout contains "b,2\\na,1"\n',
  },
  RS101: {
    what: 'The script sleeps.',
    why: 'A sleep is a guess about how long something takes: too short on a busy machine, so the run fails for no reason; too long everywhere else.',
    fix: 'Wait for what you are waiting for: wait port N, wait file PATH or wait output NAME MATCHER, which go on as soon as it happens.',
    before: 'step "Serve"\n  run --bg web acme serve\n  sleep 2s\n  run acme ping\n  bug exit 1\n',
    after: 'step "Serve"\n  run --bg web acme serve\n  wait output web contains "ready"\n  run acme ping\n  bug exit 1\n',
  },
  RS102: {
    what: 'An http request goes to a host outside loopback (127.0.0.1, ::1, localhost), even one allow-network names.',
    why: 'The outcome then depends on the network and on a server the script does not control: the same script can reproduce today and not tomorrow. Without allow-network the request is refused.',
    fix: 'Start the server in the script (run --bg) and send the request to 127.0.0.1; if the remote host is the point, name it with allow-network and accept the warning.',
    before: 'step "Health"\n  http GET https://api.example.com/health\n  bug status 500\n',
    after: 'step "Health"\n  http GET http://127.0.0.1:8080/health\n  bug status 500\n',
  },
  RS103: {
    what: 'The output of a program that prints the time, a random number or a process table is checked or captured, and no mask before it can match that output.',
    why: 'That output changes from run to run, so the check or the fingerprint does too: runs that behaved the same look different, and a check can pass or fail by chance.',
    fix: 'Put a mask before the check that replaces the changing part (mask /\\d{4}-\\d\\d-\\d\\d/ "<date>"), or make the program deterministic: date -d @0, a fixed seed.',
    before: 'step "Date"\n  run date +%F\n  bug stdout contains "-"\n',
    after: 'mask /\\d{4}-\\d\\d-\\d\\d/ "<date>"\n\nstep "Date"\n  run date +%F\n  bug stdout contains "<date>"\n',
  },
  RS104: {
    what: 'A duration check.',
    why: 'How long a program takes depends on the machine and on what else it is doing; the same script can reproduce on a laptop and not in CI.',
    fix: 'Check what the slowness does instead; for a hang, give the command a timeout and check for it: run --timeout 2s … then bug exit timeout.',
    before: 'step "Export"\n  run acme export\n  bug duration > 2s\n',
    after: 'step "Export"\n  run --timeout 2s acme export\n  bug exit timeout\n',
  },
  RS105: {
    what: 'A ticket line names a key the desk does not know. Given only when a desk is at hand (repro check --db, REPRO_DESK_DB, the per-user desk, or the editor\'s).',
    why: 'Usually a typo: the runs recorded from the script would go to a ticket nobody is working on (repro run --record makes a new one for an unknown key).',
    fix: 'Correct the key, or register the ticket first (repro ticket create).',
    before: 'ticket SUP-1024\n\nstep "Export"\n  run acme export\n  bug exit 1\n',
    after: 'ticket SUP-1042\n\nstep "Export"\n  run acme export\n  bug exit 1\n',
    knownTickets: ['SUP-1042'],
  },
  RS106: {
    what: 'An argument holds an absolute path on one machine: under /home, /Users, /root or a drive letter.',
    why: 'The file is on your machine only: the script reproduces there, and is inconclusive or wrong for the developer who opens it.',
    fix: 'Put the file into the archive and use its path inside WORK (or ${HOME}, ${WORK}).',
    before: 'step "Import"\n  run acme import /home/anna/Downloads/customers.csv\n  bug exit 1\n',
    after: 'step "Import"\n  run acme import customers.csv\n  bug exit 1\n\n-- customers.csv --\nname\nZoë Müller\n',
  },
};
