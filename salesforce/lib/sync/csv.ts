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
 * Walks CSV text row by row (RFC 4180, fields separated by `delimiter`), calling `onRow` with each row's fields, its
 * index and what ended it; `onRow` returning false stops the walk. A trailing line break does not make an empty row.
 * Fields are sliced out of the text (not built character by character): Bulk result pages are megabytes long.
 * Throws on a quoted field that never closes.
 */
export function scanCsv(text: string, onRow: (fields: string[], index: number, terminator: RowTerminator) => boolean | void, delimiter = ','): void {
    const length = text.length;
    const d = delimiter.charCodeAt(0);
    let row: string[] = [];
    let index = 0;
    let i = 0;
    if (length === 0) return;
    for (;;) {
        let field: string;
        if (text.charCodeAt(i) === 34 /* " */) {
            // quoted: up to the quote not followed by another quote; doubled quotes stand for one
            let start = i + 1;
            let value = '';
            for (;;) {
                const quote = text.indexOf('"', start);
                if (quote < 0) throw new Error(`CSV ends inside a quoted field (row ${index + 1})`);
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
            let end = i;
            while (end < length) {
                const c = text.charCodeAt(end);
                if (c === d || c === 10 /* \n */ || c === 13 /* \r */) break;
                end++;
            }
            field = text.slice(i, end);
            i = end;
        }
        row.push(field);
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
        if (onRow(row, index++, terminator) === false) return;
        row = [];
        if (i >= length) return;
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
    const [header, ...rows] = parseCsv(text);
    if (!header) return [];
    const columns = header.map((name) => ({ name, path: name.split('.') }));
    return rows.map((row) => {
        const record: Record<string, unknown> = { attributes: { type } };
        for (let column = 0; column < columns.length; column++) {
            const { name, path } = columns[column] as (typeof columns)[number];
            const raw = row[column];
            const value = raw === undefined || raw === '' ? null : raw;
            if (path.length === 1) record[name] = value;
            else setAtPath(record, path, value);
        }
        return record;
    });
}
