// The runner's public surface, shared by the CLI and the extension.

export { prepareScript, DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_RUN_TIMEOUT_MS } from './prepare';
export type { PreparedScript, ArchiveEntry } from './prepare';
export { runOnce } from './run';
export type { RunOptions } from './run';
export { runScript, aggregate } from './repeat';
export type { RepeatOptions, ScriptRun } from './repeat';
export type { CheckRecord, CommandRecord, Outcome, Reproducibility, RunDetail, RunEvent, RunResult, ScriptResult, StepRecord, TranscriptEntry } from './results';
