/**
 * Expected failures are values. A scenario error names its place in the file, the key and
 * what is allowed; it prints as `FILE:LINE:COL: key.path: message` (INTERFACE.md).
 */

export interface ScenarioError {
  kind: "scenario";
  file: string;
  /** 1-based line and column of the offending value (or of its key, when the key is wrong). */
  line: number;
  column: number;
  /** 0-based character offsets of the offending text, for editor marks. */
  from: number;
  to: number;
  /** Dotted key path with list indexes, e.g. `segments[0].delinquency.roll[1]`; empty for the whole file. */
  path: string;
  /** What is wrong and what is allowed. */
  message: string;
}

export function formatScenarioError(e: ScenarioError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.path || "(file)"}: ${e.message}`;
}
