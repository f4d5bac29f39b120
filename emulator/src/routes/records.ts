/** JSON shapes of records shared by the resource handlers. */
import type { FieldDef, ObjectDef } from '../org/schema.js';
import { formatDateTime, type Rec } from '../org/values.js';

/** A record as GET /sobjects/{T}/{id} returns it: attributes, then the fields (all of them by default). */
export function recordJson(def: ObjectDef, rec: Rec, version: string, fields?: FieldDef[]): Record<string, unknown> {
    const out: Record<string, unknown> = { attributes: { type: def.name, url: `/services/data/v${version}/sobjects/${def.name}/${String(rec['Id'])}` } };
    const list = fields ?? def.fields;
    for (const fd of list) {
        const v = rec[fd.name] ?? null;
        out[fd.name] = fd.type === 'datetime' && typeof v === 'number' ? formatDateTime(v) : v;
    }
    if (fields && !fields.some((f) => f.name === 'Id')) out['Id'] = rec['Id'];
    return out;
}

/** `{attributes, Id, Name}` as /recent and recentItems list records. */
export function recentItemJson(def: ObjectDef, rec: Rec, version: string): Record<string, unknown> {
    const o: Record<string, unknown> = { attributes: { type: def.name, url: `/services/data/v${version}/sobjects/${def.name}/${String(rec['Id'])}` }, Id: rec['Id'] };
    const name = def.fields.find((f) => f.nameField);
    o['Name'] = name ? (rec[name.name] ?? null) : null;
    return o;
}
