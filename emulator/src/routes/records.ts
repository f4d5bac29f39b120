/** JSON shapes of records shared by the resource handlers. */
import { createHash } from 'node:crypto';
import { compoundAddress } from '../org/addresses.js';
import type { FieldDef, ObjectDef } from '../org/schema.js';
import { formatDateTime, type Rec } from '../org/values.js';

/**
 * One field of a record as the REST API shows it: a formula evaluated now, a compound address as its structured
 * value (with the codes when the object has State and Country/Territory Picklists), a dateTime in Salesforce's format.
 */
export function fieldJson(def: ObjectDef, fd: FieldDef, rec: Rec, version = '66.0'): unknown {
    if (fd.type === 'address') return compoundAddress(fd, rec, def.byName.has(`${fd.name.slice(0, -'Address'.length)}CountryCode`.toLowerCase()));
    if (fd.type === 'base64') return base64Url(def, fd, rec, version);
    const v = fd.compute ? fd.compute(rec) : (rec[fd.name] ?? null);
    return fd.type === 'datetime' && typeof v === 'number' ? formatDateTime(v) : v;
}

/**
 * A base64 field as REST reads it: not the content but the URL it's fetched from ("Get Blob Data": `"Body":
 * "/services/data/vXX.X/sobjects/Attachment/00P…/Body"`), null when empty.
 */
export function base64Url(def: ObjectDef, fd: FieldDef, rec: Rec, version: string): string | null {
    return rec[fd.name] === null || rec[fd.name] === undefined ? null : `/services/data/v${version}/sobjects/${def.name}/${String(rec['Id'])}/${fd.name}`;
}

/** A record as GET /sobjects/{T}/{id} returns it: attributes, then the fields (all of them by default). */
export function recordJson(def: ObjectDef, rec: Rec, version: string, fields?: FieldDef[]): Record<string, unknown> {
    const out: Record<string, unknown> = { attributes: { type: def.name, url: `/services/data/v${version}/sobjects/${def.name}/${String(rec['Id'])}` } };
    const list = fields ?? def.fields;
    for (const fd of list) out[fd.name] = fieldJson(def, fd, rec, version);
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

/**
 * The ETag sObject Rows sends for Account records ("Get / Update / Delete Records Using sObject Rows": "If the object
 * is an Account object, the response also contains an ETag header", e.g. `"ddpAdaTHz+GcV35e7NLJ9iKD3XXVqAzXT1Sl2ykkP7g=--gzip"`):
 * a hash of the record's content.
 */
export function recordEtag(def: ObjectDef, rec: Rec, version: string): string {
    return `"${createHash('sha256').update(JSON.stringify(recordJson(def, rec, version))).digest('base64')}--gzip"`;
}

/** Whether an If-Match / If-None-Match list (comma-separated ETags, or `*`) names the ETag. */
export function etagListMatches(list: string, etag: string): boolean {
    return list.split(',').some((e) => {
        const t = e.trim();
        return t === '*' || t === etag;
    });
}
