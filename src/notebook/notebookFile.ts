/**
 * A notebook is a Markdown file: prose, and fenced blocks with the info string `scenario`
 * holding a scenario in YAML (INTERFACE.md). Prose is cut into cells at headings that
 * follow a blank line, so a long introduction edits section by section.
 *
 * The whitespace between cells is kept by position, and a scenario block keeps its fence
 * lines, so `serializeNotebook(parseNotebook(text))` gives back any text byte for byte:
 * opening and saving a notebook never rewrites what someone else wrote.
 */

export type Cell =
  | { kind: "markdown"; text: string }
  | {
      kind: "scenario";
      /** The YAML between the fences, each line ending in a newline ("" for no lines). */
      code: string;
      /** The opening fence line as written, e.g. "```scenario". */
      open: string;
      /** The closing fence line as written; null when the block runs to the end of the file. */
      close: string | null;
    };

export interface Notebook {
  cells: Cell[];
  /**
   * Whitespace by position: gaps[k] comes before cells[k] and gaps[cells.length] ends the
   * file. A gap before a later cell starts with the newline that ends the previous cell.
   */
  gaps: string[];
}

/** The gap a new cell gets: one blank line. */
export const CELL_GAP = "\n\n";
const FINAL_GAP = "\n";

const BLANK = /^[ \t]*\r?$/;
const HEADING = /^ {0,3}#{1,6}(?:[ \t]|\r?$)/;
const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

interface Fence {
  marker: string;
  info: string;
}

function openingFence(line: string): Fence | null {
  const m = FENCE.exec(line);
  if (!m) return null;
  const info = m[3].replace(/\r$/, "").trim();
  // A backtick fence's info string may not contain backticks (CommonMark 4.5).
  if (m[2][0] === "`" && info.includes("`")) return null;
  return { marker: m[2], info };
}

function closesFence(line: string, fence: Fence): boolean {
  const m = FENCE.exec(line);
  return !!m && m[2][0] === fence.marker[0] && m[2].length >= fence.marker.length && m[3].replace(/\r$/, "").trim() === "";
}

const isScenarioInfo = (info: string) => info.split(/[ \t]/)[0] === "scenario";

/** A run of lines: [start, end) into the file's lines, and whether it is a scenario block. */
interface Block {
  start: number;
  end: number;
  scenario: boolean;
  closed: boolean;
}

function splitBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let prose = -1;
  let proseSawText = false;
  let blankBefore = true;
  const endProse = (at: number) => {
    if (prose >= 0) blocks.push({ start: prose, end: at, scenario: false, closed: true });
    prose = -1;
    proseSawText = false;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = openingFence(line);
    if (fence) {
      let j = i + 1;
      while (j < lines.length && !closesFence(lines[j], fence)) j++;
      const closed = j < lines.length;
      // A fence on the file's last line, with no newline after it, has no body to edit: prose.
      if (isScenarioInfo(fence.info) && i + 1 < lines.length) {
        endProse(i);
        blocks.push({ start: i, end: closed ? j + 1 : lines.length, scenario: true, closed });
      } else {
        if (prose < 0) prose = i;
        proseSawText = true;
      }
      i = closed ? j : lines.length;
      blankBefore = false;
      continue;
    }
    if (BLANK.test(line)) {
      blankBefore = true;
      continue;
    }
    if (HEADING.test(line) && blankBefore && proseSawText) endProse(i);
    if (prose < 0) prose = i;
    proseSawText = true;
    blankBefore = false;
  }
  endProse(lines.length);
  return blocks;
}

/** Parses any text as a notebook; never fails (unclosed fences run to the end of the file). */
export function parseNotebook(text: string): Notebook {
  return readNotebook(text.split("\n"), []);
}

/** A scenario cell's YAML and where it starts in the notebook's text. */
export interface ScenarioBlock {
  /** The YAML between the fences, the cell's `code`. */
  code: string;
  /** 0-based line of the YAML's first line: the line after the opening fence. */
  line: number;
  /** 0-based character offset where that line starts. */
  offset: number;
}

/**
 * The scenario cells of `text` in order, each with where its YAML starts in `text`, so that
 * a place found in a cell's YAML can be moved to its place in the notebook. Lines inside a
 * fence keep their indentation, so columns need no moving.
 */
export function scenarioBlocks(text: string): ScenarioBlock[] {
  const lines = text.split("\n");
  const starts: number[] = [];
  const scenarios = readNotebook(lines, starts).cells.filter((c) => c.kind === "scenario");
  let line = 0;
  let offset = 0;
  return scenarios.map((cell, k) => {
    for (; line < starts[k]; line++) offset += lines[line].length + 1;
    return { code: cell.code, line, offset };
  });
}

/** The notebook of `lines`; pushes onto `codeStarts` the line where each scenario cell's YAML starts. */
function readNotebook(lines: string[], codeStarts: number[]): Notebook {
  const cells: Cell[] = [];
  const gaps: string[] = [];
  let consumed = 0; // lines fully written so far, including the newline after the last
  for (const block of splitBlocks(lines)) {
    let last = block.end - 1;
    if (!block.scenario) while (last > block.start && BLANK.test(lines[last])) last--;
    const first = block.start;
    const blanks = lines.slice(consumed, first).map((l) => `${l}\n`).join("");
    gaps.push(cells.length === 0 ? blanks : `\n${blanks}`);
    if (block.scenario) {
      const open = lines[first];
      const bodyEnd = block.closed ? last : lines.length;
      const body = lines.slice(first + 1, bodyEnd);
      // An unclosed block keeps its body exactly, including a missing final newline.
      const code = block.closed ? body.map((l) => `${l}\n`).join("") : body.join("\n");
      cells.push({ kind: "scenario", code, open, close: block.closed ? lines[last] : null });
      codeStarts.push(first + 1);
      if (!block.closed) {
        gaps.push("");
        return { cells, gaps };
      }
    } else {
      cells.push({ kind: "markdown", text: lines.slice(first, last + 1).join("\n") });
    }
    consumed = last + 1;
  }
  const rest = lines.slice(consumed);
  // The final gap: the newline ending the last cell, then any blank lines.
  gaps.push(cells.length === 0 ? rest.join("\n") : rest.length === 0 ? "" : `\n${rest.join("\n")}`);
  return { cells, gaps };
}

function cellText(cell: Cell, isLast: boolean): string {
  if (cell.kind === "markdown") return cell.text;
  // An unclosed block at the end of the file keeps its body exactly, missing newline and all.
  if (cell.close === null && isLast) return `${cell.open}\n${cell.code}`;
  const code = cell.code === "" || cell.code.endsWith("\n") ? cell.code : `${cell.code}\n`;
  return `${cell.open}\n${code}${cell.close ?? closingFor(cell.open)}`;
}

function closingFor(open: string): string {
  const m = FENCE.exec(open);
  return m ? `${m[1]}${m[2]}` : "```";
}

/** The notebook as Markdown. Empty markdown cells are left out with their gaps. */
export function serializeNotebook(nb: Notebook): string {
  const kept = nb.cells.flatMap((cell, k) => (cell.kind === "markdown" && cell.text === "" ? [] : [{ cell, k }]));
  if (kept.length === 0) return nb.cells.length === 0 ? (nb.gaps[0] ?? "") : "";
  let out = nb.gaps[0] ?? "";
  kept.forEach(({ cell, k }, i) => {
    if (i > 0) {
      const gap = nb.gaps[k] ?? CELL_GAP;
      out += gap.startsWith("\n") ? gap : `\n${gap}`;
    }
    out += cellText(cell, i === kept.length - 1);
  });
  const last = kept[kept.length - 1].cell;
  if (last.kind === "scenario" && last.close === null) return out;
  return out + (nb.gaps[nb.cells.length] ?? FINAL_GAP);
}

/** A new scenario cell with the given YAML. */
export function scenarioCell(code: string): Cell {
  return { kind: "scenario", code: code === "" || code.endsWith("\n") ? code : `${code}\n`, open: "```scenario", close: "```" };
}

/** A bare YAML or JSON scenario file as a one-cell notebook. */
export function notebookFromScenarioFile(text: string): Notebook {
  return { cells: [scenarioCell(text)], gaps: ["", FINAL_GAP] };
}

/** The notebook's title: its first heading, else its first scenario's `name`, else null. */
export function notebookTitle(nb: Notebook): string | null {
  for (const cell of nb.cells) {
    if (cell.kind === "markdown") {
      const m = /^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*\r?$/m.exec(cell.text);
      if (m) return m[1];
    } else {
      const m = /^name:[ \t]*(['"]?)(.+?)\1[ \t]*\r?$/m.exec(cell.code);
      if (m) return m[2];
    }
  }
  return null;
}

/*
 * Cell operations keep the gaps by position: a new cell gets one blank line before it, the
 * file's leading and final whitespace stay where they are. They work on any cell type, so
 * the page can keep its own cell objects beside the gaps.
 */

interface Cells<C> {
  cells: C[];
  gaps: string[];
}

/** Inserts `cell` at index `at` (0..cells.length). */
export function insertCell<C>(nb: Cells<C>, at: number, cell: C): void {
  const n = nb.cells.length;
  if (n === 0) nb.gaps.splice(0, nb.gaps.length, "", nb.gaps[0] || FINAL_GAP);
  else nb.gaps.splice(at === n ? n : at + 1, 0, CELL_GAP);
  nb.cells.splice(at, 0, cell);
}

/** Removes the cell at index `at`. */
export function removeCell<C>(nb: Cells<C>, at: number): void {
  const n = nb.cells.length;
  nb.gaps.splice(at === n - 1 ? at : at + 1, 1);
  nb.cells.splice(at, 1);
}

/** Swaps the cell at `at` with its neighbour `at + by` (by = -1 or 1); false when there is none. */
export function moveCell<C>(nb: Cells<C>, at: number, by: -1 | 1): boolean {
  const to = at + by;
  if (to < 0 || to >= nb.cells.length) return false;
  [nb.cells[at], nb.cells[to]] = [nb.cells[to], nb.cells[at]];
  return true;
}
