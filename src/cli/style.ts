/**
 * Terminal emphasis. Color only on a terminal and never when NO_COLOR is set to anything
 * (https://no-color.org); redirected output stays plain text.
 */

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  warn(s: string): string;
}

const plain: Style = { bold: (s) => s, dim: (s) => s, warn: (s) => s };

const ansi = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const colored: Style = { bold: ansi(1, 22), dim: ansi(2, 22), warn: ansi(33, 39) };

/** Whether output to `stream` may be colored, given the environment. */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return stream.isTTY === true && !noColor && env.TERM !== "dumb";
}

export const styleFor = (color: boolean): Style => (color ? colored : plain);
