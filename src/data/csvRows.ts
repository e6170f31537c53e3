/**
 * RFC 4180 CSV read chunk by chunk: text goes in as it arrives (a file read in pieces, a
 * browser stream), complete records come out, and nothing is kept once a record is handed
 * on. The parsing is papaparse's (`Papa.Parser`, the parser its own streamers drive): each
 * push parses what is buffered up to its last complete record (`ignoreLastRow`) and keeps
 * the rest, so a quoted field may span chunks. A record's number counts every record from
 * the first line (1), blank ones too, which is the row a spreadsheet shows when no field
 * holds a line break: the header is row 1 unless comment lines (`#` …) come before it.
 */
import Papa from "papaparse";

/** Receives each record with its 1-based number. */
export type RecordSink = (fields: string[], row: number) => void;

/** A CSV reader that accepts text in pieces. */
export class CsvRecords {
  #pending = "";
  #row = 0;
  #parser: Papa.Parser | null = null;
  #unclosedQuoteRow = 0;
  readonly #sink: RecordSink;

  constructor(sink: RecordSink) {
    this.#sink = sink;
  }

  /** The row whose quoted field is never closed (it runs to the end of the text), or 0. */
  get unclosedQuoteRow(): number {
    return this.#unclosedQuoteRow;
  }

  /** Parses the complete records in `chunk` (plus what was left from the last push). */
  push(chunk: string): void {
    this.#pending += chunk;
    this.#run(true);
  }

  /** Parses what is left; call once at the end. */
  end(): void {
    this.#run(false);
    this.#pending = "";
  }

  #run(more: boolean): void {
    const text = this.#pending;
    if (text === "") return;
    const firstNewline = text.indexOf("\n");
    if (this.#parser === null && firstNewline < 0 && more) return;
    // The newline is fixed by the first record: CRLF as RFC 4180 says, or a bare LF.
    this.#parser ??= new Papa.Parser({ delimiter: ",", newline: text[firstNewline - 1] === "\r" ? "\r\n" : "\n", quoteChar: '"' });
    const parsed = this.#parser.parse(text, 0, more) as Papa.ParseResult<string[]>;
    for (const fields of parsed.data) this.#sink(fields, ++this.#row);
    const quote = parsed.errors.find((e) => e.code === "MissingQuotes");
    if (quote && this.#unclosedQuoteRow === 0) this.#unclosedQuoteRow = this.#row;
    this.#pending = more ? text.slice(parsed.meta.cursor) : "";
  }
}

/** True for a blank record (an empty line): it holds no account and is skipped. */
export const isBlank = (fields: string[]): boolean => fields.length === 1 && fields[0].trim() === "";

/** A line opening with `#` before the header: a comment (what the file is, where it comes from). */
export const isComment = (fields: string[]): boolean => fields[0].trimStart().startsWith("#");
