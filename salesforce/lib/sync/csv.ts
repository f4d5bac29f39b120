/**
 * CSV as Bulk API 2.0 returns it (RFC 4180: fields separated by commas, records by LF or CRLF, fields with commas,
 * quotes or line breaks quoted, quotes doubled). Our own parser: function code may not import one.
 */
import { setAtPath } from '../metadata/values.js';

/**
 * Parses CSV text into rows of fields. A trailing line break does not make an empty row. Fields are sliced out of the
 * text (not built character by character): Bulk result pages are megabytes long.
 */
export function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    const length = text.length;
    let row: string[] = [];
    let i = 0;
    if (length === 0) return rows;
    for (;;) {
        let field: string;
        if (text.charCodeAt(i) === 34 /* " */) {
            // quoted: up to the quote not followed by another quote; doubled quotes stand for one
            let start = i + 1;
            let value = '';
            for (;;) {
                const quote = text.indexOf('"', start);
                if (quote < 0) throw new Error('CSV ends inside a quoted field');
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
                if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */) break;
                end++;
            }
            field = text.slice(i, end);
            i = end;
        }
        row.push(field);
        const c = i < length ? text.charCodeAt(i) : -1;
        if (c === 44) {
            i++;
            continue;
        }
        rows.push(row);
        row = [];
        if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
        else if (c === 10 || c === 13) i++;
        if (i >= length) return rows;
    }
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
