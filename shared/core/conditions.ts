// Line conditions `[COND]` (spec §3): the table the parser, the runner, `repro help` and completion read.

import type { Condition } from './ast';
import { quote } from './diagnostics';
import { problem, VARIABLE_NAME, type Problem } from './scanner';
import { nearest } from './suggest';

/** What the runner tells the core about the host; injected, so the core never looks itself. */
export interface HostFacts {
  /** `process.platform`: linux, darwin, win32, … */
  platform: string;
  hasProgram(name: string): boolean;
  /** A variable of the run's environment, or undefined. */
  env(name: string): string | undefined;
}

export interface ConditionSpec {
  name: string;
  /** Placeholder of the part after the colon, for `exec:PROGRAM` and `env:NAME`. */
  argument?: string;
  summary: string;
  holds(host: HostFacts, argument: string): boolean;
}

export const CONDITIONS: readonly ConditionSpec[] = [
  { name: 'linux', summary: 'the host runs Linux', holds: (h) => h.platform === 'linux' },
  { name: 'darwin', summary: 'the host runs macOS', holds: (h) => h.platform === 'darwin' },
  { name: 'windows', summary: 'the host runs Windows', holds: (h) => h.platform === 'win32' },
  { name: 'unix', summary: 'the host runs Linux, macOS or another Unix', holds: (h) => h.platform !== 'win32' },
  { name: 'exec', argument: 'PROGRAM', summary: 'PROGRAM is on PATH', holds: (h, program) => h.hasProgram(program) },
  { name: 'env', argument: 'NAME', summary: 'NAME is set and not empty', holds: (h, name) => !!h.env(name) },
];

export const CONDITION_BY_NAME: ReadonlyMap<string, ConditionSpec> = new Map(CONDITIONS.map((c) => [c.name, c]));

/** Problems of one condition: an unknown name, a missing or unexpected argument. */
export function conditionProblems(condition: Condition): Problem[] {
  const spec = CONDITION_BY_NAME.get(condition.name);
  const written = condition.argument === undefined ? condition.name : `${condition.name}:${condition.argument}`;
  if (!spec || (spec.argument === undefined && condition.argument !== undefined)) {
    const names = CONDITIONS.map((c) => (c.argument ? `${c.name}:${c.argument}` : c.name));
    return [problem('RS002', 'unknownCondition', condition, [quote(written)], spec ? undefined : nearest(condition.name, CONDITIONS.map((c) => c.name)) ?? nearest(written, names))];
  }
  if (spec.argument !== undefined && !condition.argument) return [problem('RS002', 'conditionNeedsArgument', condition, [written])];
  if (spec.name === 'env' && !VARIABLE_NAME.test(condition.argument!)) {
    return [problem('RS002', 'badVariableName', condition, [quote(condition.argument!)])];
  }
  return [];
}

/** Whether every condition of a line holds, so that the line runs. */
export function conditionsHold(conditions: readonly Condition[], host: HostFacts): boolean {
  return conditions.every((c) => {
    const spec = CONDITION_BY_NAME.get(c.name);
    return spec !== undefined && spec.holds(host, c.argument ?? '') !== c.negated;
  });
}
