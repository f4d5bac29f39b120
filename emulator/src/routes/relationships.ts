/**
 * sObject Relationships, the child side: GET /sobjects/{Parent}/{id}/{childRelationshipName}[?fields=…] (REST API
 * Developer Guide, "Get Records Using sObject Relationships", API 36.0+).
 *
 * What the docs say: the friendly URL follows a relationship of the record; through a child relationship (Account →
 * Contacts) "you can retrieve the complete set of associated records", answered as a query result
 * ({totalSize, done, records[, nextRecordsUrl]}); `fields` lists the child fields to return (a field that does not
 * exist or is hidden by field-level security is a 400); a relationship that resolves to many records and has none
 * answers 200 with an empty set; only one parent-to-child level can be traversed. GET only for child relationships
 * (PATCH and DELETE apply to a child-to-parent relationship's record).
 *
 * Simplified here: the set is read through the emulator's SOQL engine (`SELECT … FROM Child WHERE lookup = id`), so
 * its pages and locators are the query resource's; without `fields`, every readable non-compound field of the child.
 * Child-to-parent traversal (Contact/{id}/Account) is not emulated.
 */
import { SfError, invalidField, notFound } from '../errors.js';
import { json, type Req, type Res } from '../http.js';
import { keyPrefixOf, to18 } from '../org/ids.js';
import type { ObjectDef } from '../org/schema.js';
import type { SalesforceState } from '../state.js';

/** Answers a child-relationship URL, or undefined when `relationship` is not a child relationship of the object. */
export function childRelationshipRecords(req: Req, s: SalesforceState, version: string, method: string, def: ObjectDef, id: string, relationship: string): Res | undefined {
    const rel = s.org.schema.childRelationship(def.name, relationship);
    const id18 = to18(id);
    if (!rel || !id18 || keyPrefixOf(id18) !== def.keyPrefix) return undefined;
    const endpoint = `${method} /sobjects/${def.name}/{id}/${rel.relationshipName ?? relationship}`;
    if (method !== 'GET') {
        return { ...json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD`, errorCode: 'METHOD_NOT_ALLOWED' }]), endpoint };
    }
    const table = s.org.tables.get(def.name);
    if (!table) throw notFound();
    s.org.liveRecord(table, id18);
    const child = s.org.schema.get(rel.childSObject);
    if (!child) throw notFound();
    const param = req.url.searchParams.get('fields');
    const fields =
        param !== null && param.trim() !== ''
            ? param.split(',').map((name) => {
                  const fd = child.byName.get(name.trim().toLowerCase());
                  if (!fd) throw invalidField(name.trim(), child.name);
                  return fd.name;
              })
            : child.fields.filter((fd) => fd.type !== 'address').map((fd) => fd.name);
    if (fields.length === 0) throw new SfError(400, 'MALFORMED_QUERY', 'no fields to return');
    const soql = `SELECT ${fields.join(', ')} FROM ${child.name} WHERE ${rel.field} = '${id18}'`;
    return { ...json(200, s.engine.run(soql, { includeDeleted: false, batchSize: s.pageSize, version })), endpoint };
}
