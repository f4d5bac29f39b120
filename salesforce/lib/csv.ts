/**
 * CSV as Bulk API 2.0 returns it (RFC 4180: fields separated by commas, records by LF or CRLF, fields with commas,
 * quotes or line breaks quoted, quotes doubled). Our own parser: function code may not import one.
 */

/** Parses CSV text into rows of fields. A trailing line break does not make an empty row. */
export function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let field = '';
    let quoted = false;
    let i = 0;
    const length = text.length;
    while (i < length) {
        const char = text[i];
        if (quoted) {
            if (char === '"') {
                if (text[i + 1] === '"') {
                    field += '"';
                    i += 2;
                    continue;
                }
                quoted = false;
                i++;
                continue;
            }
            field += char;
            i++;
            continue;
        }
        if (char === '"' && field.length === 0) {
            quoted = true;
            i++;
        } else if (char === ',') {
            row.push(field);
            field = '';
            i++;
        } else if (char === '\n' || char === '\r') {
            row.push(field);
            rows.push(row);
            row = [];
            field = '';
            i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
        } else {
            field += char;
            i++;
        }
    }
    if (quoted) {
        throw new Error('CSV ends inside a quoted field');
    }
    if (field.length > 0 || row.length > 0) {
        row.push(field);
        rows.push(row);
    }
    return rows;
}

/**
 * CSV rows as records shaped like the REST API's: the header names the fields, a dotted header (`Account.Name`)
 * becomes a nested object, and an empty field is null (Bulk API writes nulls as empty fields).
 */
export function csvToRecords(text: string, type: string): Array<Record<string, unknown>> {
    const [header, ...rows] = parseCsv(text);
    if (!header) return [];
    const paths = header.map((h) => h.split('.'));
    return rows.map((row) => {
        const record: Record<string, unknown> = { attributes: { type } };
        paths.forEach((path, column) => {
            const raw = row[column];
            const value = raw === undefined || raw === '' ? null : raw;
            let target = record;
            for (let depth = 0; depth < path.length - 1; depth++) {
                const key = path[depth] ?? '';
                const next = target[key];
                if (next === null || next === undefined || typeof next !== 'object') {
                    target[key] = {};
                }
                target = target[key] as Record<string, unknown>;
            }
            target[path[path.length - 1] ?? ''] = value;
        });
        return record;
    });
}
