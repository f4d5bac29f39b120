/**
 * CSV as Bulk API 2.0 reads and writes it (RFC 4180: fields separated by a delimiter, a comma by default; records by LF
 * or CRLF; fields with the delimiter, quotes or line breaks quoted, quotes doubled). Our own parser and writer:
 * function code may not import one. What the values mean to Salesforce (#N/A for null, relationship columns) is
 * writes/bulk-ingest.ts's business, not this module's.
 */
import { setAtPath } from '../metadata/values.js';

/** Column delimiters Bulk API 2.0 accepts (`columnDelimiter` of a job) and the character each stands for. */
export const CSV_DELIMITERS = { COMMA: ',', TAB: '\t', PIPE: '|', SEMICOLON: ';', CARET: '^', BACKQUOTE: '`' } as const;
export type ColumnDelimiter = keyof typeof CSV_DELIMITERS;
/** Line endings Bulk API 2.0 accepts (`lineEnding` of a job). */
export const CSV_LINE_ENDINGS = { LF: '\n', CRLF: '\r\n' } as const;
export type LineEnding = keyof typeof CSV_LINE_ENDINGS;

/** What ended a row: a line break as written, or '' at the end of the text. */
export type RowTerminator = '\n' | '\r\n' | '\r' | '';

/**
 * Reads CSV text row by row, one row per `next()` (RFC 4180, fields separated by `delimiter`): a walk that can pause,
 * so a caller can turn a few rows into records, use them, and read on. A trailing line break does not make an empty
 * row. Fields are sliced out of the text (not built character by character): Bulk result pages are megabytes long.
 * Throws on a quoted field that never closes.
 */
export class CsvReader {
    private i = 0;
    private rows = 0;
    private readonly d: number;
    /** Where the next LF and CR are at or after the position last read (2^32 - 1 when there is none: indexOf's -1 >>> 0). */
    private lf = -1;
    private cr = -1;
    /** What ended the row last read: a line break as written, or '' at the end of the text. */
    terminator: RowTerminator = '';

    constructor(
        private readonly text: string,
        private readonly delimiter = ','
    ) {
        this.d = delimiter.charCodeAt(0);
    }

    /** How many rows have been read. */
    get count(): number {
        return this.rows;
    }

    /** The next row's fields, or undefined after the last row; `into`: an array to fill instead of a new one (a caller done with the last row). */
    next(into?: string[]): string[] | undefined {
        const text = this.text;
        const length = text.length;
        const d = this.d;
        let i = this.i;
        if (i >= length) return undefined;
        const row: string[] = into ?? [];
        let n = 0;
        for (;;) {
            let field: string;
            if (text.charCodeAt(i) === 34 /* " */) {
                // quoted: up to the quote not followed by another quote; doubled quotes stand for one
                let start = i + 1;
                let value = '';
                for (;;) {
                    const quote = text.indexOf('"', start);
                    if (quote < 0) throw new Error(`CSV ends inside a quoted field (row ${this.rows + 1})`);
                    if (text.charCodeAt(quote + 1) === 34) {
                        value += text.slice(start, quote + 1);
                        start = quote + 2;
                        continue;
                    }
                    value += text.slice(start, quote);
                    i = quote + 1;
                    break;
                }
                field = value;
            } else {
                // unquoted: up to the next delimiter or line break, found with indexOf (the next line breaks are
                // remembered, since they lie ahead of many fields)
                if (this.lf < i) this.lf = text.indexOf('\n', i) >>> 0;
                if (this.cr < i) this.cr = text.indexOf('\r', i) >>> 0;
                let end = text.indexOf(this.delimiter, i) >>> 0;
                if (this.lf < end) end = this.lf;
                if (this.cr < end) end = this.cr;
                if (end > length) end = length;
                field = text.slice(i, end);
                i = end;
            }
            row[n++] = field;
            const c = i < length ? text.charCodeAt(i) : -1;
            if (c === d) {
                i++;
                continue;
            }
            let terminator: RowTerminator = '';
            if (c === 13 && text.charCodeAt(i + 1) === 10) {
                i += 2;
                terminator = '\r\n';
            } else if (c === 10 || c === 13) {
                i++;
                terminator = c === 10 ? '\n' : '\r';
            }
            // anything else after a closing quote (a stray character) starts the next field of the row: `"a"b` reads as
            // two fields, which a header or column count check then refuses
            else if (c !== -1) {
                continue;
            }
            this.i = i;
            this.rows++;
            this.terminator = terminator;
            row.length = n;
            return row;
        }
    }
}

/**
 * Walks CSV text row by row (see CsvReader), calling `onRow` with each row's fields, its index and what ended it;
 * `onRow` returning false stops the walk.
 */
export function scanCsv(text: string, onRow: (fields: string[], index: number, terminator: RowTerminator) => boolean | void, delimiter = ','): void {
    const reader = new CsvReader(text, delimiter);
    for (let row = reader.next(); row !== undefined; row = reader.next()) {
        if (onRow(row, reader.count - 1, reader.terminator) === false) return;
    }
}

/** Parses CSV text into rows of fields (see scanCsv). */
export function parseCsv(text: string, delimiter = ','): string[][] {
    const rows: string[][] = [];
    scanCsv(text, (fields) => {
        rows.push(fields);
    }, delimiter);
    return rows;
}

/**
 * One field written for CSV: quoted (quotes doubled) when it holds the delimiter, a quote, a line break or begins or
 * ends with a space (Bulk API reads unquoted fields untrimmed, but a quoted one is unambiguous), as is otherwise.
 * No formula escaping: Salesforce stores CSV values as text and never evaluates them (an `=` stays an `=`); a
 * leading apostrophe would be stored as part of the value.
 */
export function csvField(value: string, delimiter = ','): string {
    if (value === '') return '';
    let quote = value.charCodeAt(0) === 32 || value.charCodeAt(value.length - 1) === 32;
    if (!quote) {
        for (let i = 0; i < value.length; i++) {
            const c = value.charCodeAt(i);
            if (c === 34 || c === 10 || c === 13 || value[i] === delimiter) {
                quote = true;
                break;
            }
        }
    }
    return quote ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV text of a header and rows (every row ended by the line ending, the last one too). */
export function writeCsv(header: readonly string[], rows: Iterable<readonly string[]>, delimiter = ',', lineEnding = '\n'): string {
    const lines: string[] = [header.map((h) => csvField(h, delimiter)).join(delimiter)];
    for (const row of rows) lines.push(row.map((v) => csvField(v, delimiter)).join(delimiter));
    return lines.join(lineEnding) + lineEnding;
}

/**
 * CSV rows as records shaped like the REST API's: the header names the fields, a dotted header (`Account.Name`)
 * becomes a nested object, and an empty field is null (Bulk API writes nulls as empty fields). Values stay text: the
 * sync types them from describe, as it does REST values.
 */
export function csvToRecords(text: string, type: string): Array<Record<string, unknown>> {
    const records: Array<Record<string, unknown>> = [];
    for (const chunk of csvRecordChunks(text, type, 2_000)) for (const record of chunk) records.push(record);
    return records;
}

/**
 * The records of CSV text (see csvToRecords), `size` at a time: each chunk is made from the text only when asked
 * for, so a caller that saves a chunk before asking for the next one never holds the page's rows and records whole.
 * `withAttributes` false: no `attributes` entry (one object less per record, for a caller that has no use for it,
 * as the sync). `map`: what each record is turned into as soon as it is read (a sync's model), so that a chunk holds
 * what is saved and each record is garbage at once.
 */
export function* csvRecordChunks<T = Record<string, unknown>>(
    text: string,
    type: string,
    size: number,
    withAttributes = true,
    map: (record: Record<string, unknown>) => T = (record) => record as T
): Generator<T[], void, undefined> {
    const reader = new CsvReader(text);
    const header = reader.next();
    if (!header) return;
    const columns = header.map((name) => ({ name, path: name.includes('.') ? name.split('.') : null }));
    // every record starts as a copy of one with all its entries (relationships null until a column fills them): a copy
    // takes its layout at once, where adding the entries one by one would grow each record's storage again and again
    // (made whole by fromEntries: entries added one by one would leave it a slow dictionary, and every copy with it)
    const template: Record<string, unknown> = Object.fromEntries(columns.map(({ name, path }) => [path === null ? name : (path[0] ?? ''), null]));
    const row: string[] = [];
    let chunk: T[] = [];
    while (reader.next(row) !== undefined) {
        const record: Record<string, unknown> = withAttributes ? { attributes: { type }, ...template } : { ...template };
        for (let column = 0; column < columns.length; column++) {
            const { name, path } = columns[column] as (typeof columns)[number];
            const raw = row[column];
            const value = raw === undefined || raw === '' ? null : raw;
            if (path === null) record[name] = value;
            else setAtPath(record, path, value);
        }
        chunk.push(map(record));
        if (chunk.length >= size) {
            yield chunk;
            chunk = [];
        }
    }
    if (chunk.length > 0) yield chunk;
}
