/**
 * User Interface API, the one resource convert-lead needs: the values of a picklist field for one record type.
 *
 * From the UI API Developer Guide ("Get Values for a Picklist Field", "Picklist Values", "Picklist Value", "Lead Status
 * Picklist Value Attributes"):
 * - GET /services/data/vXX.X/ui-api/object-info/{objectApiName}/picklist-values/{recordTypeId}/{fieldApiName}, API 41.0+.
 * - Body: `{ controllerValues: {}, defaultValue: Picklist Value | null, eTag, url, values: [Picklist Value] }`, a Picklist
 *   Value being `{ attributes, label, validFor: [], value }`; `value` is the API value, `label` what users see.
 * - For Lead Status, `attributes` is `{ converted: boolean, picklistAtrributesValueType: "LeadStatus" }` (the property
 *   name's typo is Salesforce's); for plain picklists it is null.
 * - The values are those the record type offers: for a lead record type, the statuses of its lead process
 *   (org/lead-processes.ts); for the master record type 012000000000000AAA, every value.
 *
 * Simplified: only the single-field resource (not the all-picklists collection); an unknown object, field, non-picklist
 * field or record type of another object answers 404 NOT_FOUND (the message says which); the eTag is a hash of the
 * body; dependent picklists (controllerValues, validFor) are not modelled; record types other than Lead's offer every
 * value.
 */
import { createHash } from 'node:crypto';

import { notFound } from '../errors.js';
import { json, type Res } from '../http.js';
import { to18 } from '../org/ids.js';
import { leadProcessOf } from '../org/lead-processes.js';
import type { SalesforceState } from '../state.js';
import { MASTER_RECORD_TYPE_ID } from './describe.js';

interface PicklistValue {
    attributes: { converted: boolean; picklistAtrributesValueType: 'LeadStatus' } | null;
    label: string;
    validFor: number[];
    value: string;
}

/** Entry point for /ui-api/…; `parts` are the path segments after ui-api, decoded. */
export function uiApi(s: SalesforceState, version: string, method: string, parts: string[]): Res {
    if (Number(version) < 41) throw notFound();
    const [head, objectName, kind, recordTypeRaw, fieldName, ...more] = parts;
    if (head !== 'object-info' || kind !== 'picklist-values' || objectName === undefined || recordTypeRaw === undefined || fieldName === undefined || more.length > 0) {
        throw notFound();
    }
    if (method !== 'GET') return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD`, errorCode: 'METHOD_NOT_ALLOWED' }]);
    const def = s.org.schema.get(objectName);
    if (!def) throw notFound(`The requested resource does not exist: no object ${objectName}`);
    const field = def.fields.find((f) => f.name.toLowerCase() === fieldName.toLowerCase());
    if (!field || (field.type !== 'picklist' && field.type !== 'multipicklist')) throw notFound(`The requested resource does not exist: no picklist field ${def.name}.${fieldName}`);
    const recordTypeId = to18(recordTypeRaw);
    let offered: string[] | undefined;
    if (recordTypeId !== MASTER_RECORD_TYPE_ID) {
        const rt = recordTypeId ? s.org.get(recordTypeId) : undefined;
        if (!rt || rt['SobjectType'] !== def.name) throw notFound(`The requested resource does not exist: no ${def.name} record type ${recordTypeRaw}`);
        if (def.name === 'Lead' && field.name === 'Status') offered = leadProcessOf(s.org, recordTypeId)?.statuses;
    }
    let values: PicklistValue[];
    if (def.name === 'Lead' && field.name === 'Status') {
        const statuses = s.org.schema.leadStatuses;
        const names = offered ?? statuses.map((l) => l.name);
        values = names.flatMap((name) => {
            const ls = statuses.find((l) => l.name === name);
            return ls ? [{ attributes: { converted: ls.isConverted, picklistAtrributesValueType: 'LeadStatus' as const }, label: ls.label ?? ls.name, validFor: [], value: ls.name }] : [];
        });
    } else {
        values = field.picklistValues.filter((p) => p.active).map((p) => ({ attributes: null, label: p.label, validFor: [], value: p.value }));
    }
    const defaultName = def.name === 'Lead' && field.name === 'Status' ? s.org.schema.leadStatuses.find((l) => l.isDefault)?.name : field.picklistValues.find((p) => p.defaultValue)?.value;
    const body = {
        controllerValues: {},
        defaultValue: values.find((v) => v.value === defaultName) ?? null,
        url: `/services/data/v${version}/ui-api/object-info/${def.name}/picklist-values/${recordTypeId ?? recordTypeRaw}/${field.name}`,
        values
    };
    const eTag = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32);
    return { ...json(200, { ...body, eTag }), endpoint: 'GET /ui-api/object-info/picklist-values' };
}
