/**
 * Field visibility and field types, from describe. Field-level security hides fields from the connected user:
 * describe leaves them out and a SOQL statement naming one fails with INVALID_FIELD ("No such column …"). A sync asks
 * the catalog which of the fields it wants the user may read, selects only those, and types every value it gets
 * back from the describe, so the REST and Bulk paths give the same record.
 */
import { paths, request, type NangoClient } from '../http/api.js';

type Json = Record<string, unknown>;

export interface FieldInfo {
    /** API name as the org spells it. */
    name: string;
    /** Describe type: string, picklist, reference, datetime, date, currency, boolean, address… */
    type: string;
    referenceTo: string[];
    relationshipName: string | null;
}

export interface ObjectInfo {
    /** API name as the org spells it. */
    name: string;
    /** Lower-cased field name → field, for the fields the connected user can read. */
    fields: Map<string, FieldInfo>;
    /** Lower-cased relationship name → its lookup field. */
    relationships: Map<string, FieldInfo>;
    queryable: boolean;
    replicateable: boolean;
    /** First three characters of the object's record ids (custom objects' vary by org), or null when describe gives none. */
    keyPrefix: string | null;
}

/**
 * Fields of the Name object, which is what a polymorphic relationship (Owner of a Lead or Case: a User or a Queue;
 * Who and What of a Task) reads: only these can follow such a relationship.
 */
const NAME_OBJECT_FIELDS: Readonly<Record<string, FieldInfo>> = Object.fromEntries(
    (
        [
            ['Id', 'id'],
            ['Name', 'string'],
            ['Type', 'picklist'],
            ['Alias', 'string'],
            ['Email', 'email'],
            ['FirstName', 'string'],
            ['LastName', 'string'],
            ['IsActive', 'boolean'],
            ['Username', 'string'],
            ['Title', 'string'],
            ['Phone', 'phone'],
            ['UserRoleId', 'reference'],
            ['ProfileId', 'reference'],
            ['LastReferencedDate', 'datetime'],
            ['LastViewedDate', 'datetime'],
            ['NameOrAlias', 'string'],
            ['RecordTypeId', 'reference']
        ] as const
    ).map(([name, type]) => [name.toLowerCase(), { name, type, referenceTo: [], relationshipName: null }])
);

/**
 * Objects whose records always have a readable Name (a name field cannot be hidden by field-level security), so a
 * path ending in `.Name` through a lookup to them needs no describe of the parent. Every custom object has one;
 * among standard objects, Case, Task, Event, CaseComment, EmailMessage and others do not (Case has CaseNumber).
 */
const NAMED_STANDARD_OBJECTS: ReadonlySet<string> = new Set(
    ['Account', 'Contact', 'Lead', 'Opportunity', 'User', 'Profile', 'UserRole', 'Group', 'RecordType', 'Campaign', 'Product2', 'Pricebook2', 'Asset', 'Individual'].map((o) => o.toLowerCase())
);

function hasNameField(sObject: string): boolean {
    return sObject.endsWith('__c') || NAMED_STANDARD_OBJECTS.has(sObject.toLowerCase());
}

/** Fields that exist only when an org feature is on (multi-currency): left out silently where they do not exist. */
export const ORG_FEATURE_FIELDS: ReadonlySet<string> = new Set(['currencyisocode']);

export function objectInfo(describe: Json): ObjectInfo {
    const fields = new Map<string, FieldInfo>();
    const relationships = new Map<string, FieldInfo>();
    for (const raw of Array.isArray(describe['fields']) ? (describe['fields'] as Json[]) : []) {
        if (typeof raw['name'] !== 'string') continue;
        const field: FieldInfo = {
            name: raw['name'],
            type: typeof raw['type'] === 'string' ? raw['type'] : 'string',
            referenceTo: Array.isArray(raw['referenceTo']) ? raw['referenceTo'].filter((r): r is string => typeof r === 'string') : [],
            relationshipName: typeof raw['relationshipName'] === 'string' && raw['relationshipName'] ? raw['relationshipName'] : null
        };
        fields.set(field.name.toLowerCase(), field);
        if (field.relationshipName) relationships.set(field.relationshipName.toLowerCase(), field);
    }
    return {
        name: typeof describe['name'] === 'string' ? describe['name'] : '',
        fields,
        relationships,
        queryable: describe['queryable'] !== false,
        replicateable: describe['replicateable'] !== false,
        keyPrefix: typeof describe['keyPrefix'] === 'string' && describe['keyPrefix'].length === 3 ? describe['keyPrefix'] : null
    };
}

/** One item of a planned select list. */
export interface PlannedField {
    /** What goes into the SELECT: the field path as the org spells it, or a function over it (`toLabel(Status)`). */
    select: string;
    /** Where the value sits in a returned record, as a path (`Account.Name`; an alias or the bare field for functions). */
    key: readonly string[];
    /** Describe type of the value. */
    type: string;
}

export interface FieldPlan {
    sObject: string;
    fields: PlannedField[];
    /** Asked-for fields the connected user cannot read (or that do not exist), as asked. */
    hidden: string[];
}

/** `toLabel(Status)`, `convertCurrency(Amount) amt`, `FORMAT(CloseDate)`: the function, its field and its alias. */
const FUNCTION_RE = /^(toLabel|convertCurrency|FORMAT)\(\s*([A-Za-z][A-Za-z0-9_.]*)\s*\)(?:\s+([A-Za-z][A-Za-z0-9_]*))?$/i;

/**
 * Describes of the objects a run touches, each fetched once. Relationship paths are resolved hop by hop; a path's
 * last hop to `Id`, or to `Name` of an object that has one, needs no describe of the parent (those fields are
 * readable wherever the lookup is).
 */
export class FieldCatalog {
    private readonly objects = new Map<string, Promise<ObjectInfo | null>>();
    /** Salesforce's clock when the first describe was answered (the end of the second its `Date` header names), in ms. */
    serverTime: number | undefined;

    constructor(private readonly nango: NangoClient) {}

    /** The object's describe; throws when the object itself cannot be described. */
    async object(sObject: string): Promise<ObjectInfo> {
        const info = await this.load(sObject, true);
        if (!info) throw new Error(`no describe of ${sObject}`);
        return info;
    }

    /** A parent object's describe, or null when the user cannot describe it (its fields then count as hidden). */
    private load(sObject: string, strict: boolean): Promise<ObjectInfo | null> {
        const key = sObject.toLowerCase();
        let cached = this.objects.get(key);
        if (!cached) {
            cached = request<Json>(this.nango, { method: 'GET', endpoint: paths.describe(sObject), context: `describe ${sObject}` }).then((response) => {
                // an HTTP Date names a whole second: the answer was written before that second ended
                const date = Date.parse(response.headers['date'] ?? '');
                if (this.serverTime === undefined && Number.isFinite(date)) this.serverTime = date + 999;
                return objectInfo(response.data);
            });
            this.objects.set(key, cached);
        }
        // a parent the user may not describe (403, 404) counts as hidden; any other failure fails the run, so that a
        // passing outage never looks like a field-level security change (which would re-read every record)
        return strict
            ? cached
            : cached.catch((error: unknown) => {
                  const status = (error as { payload?: { status?: unknown } } | null)?.payload?.status;
                  if (status === 403 || status === 404) return null;
                  throw error;
              });
    }

    /** The field at a path from `sObject`, with names spelled as the org spells them; null when not readable. */
    async resolve(sObject: string, path: string): Promise<{ path: string; field: FieldInfo } | null> {
        const parts = path.split('.');
        let object: ObjectInfo | null = await this.object(sObject);
        const spelled: string[] = [];
        for (let i = 0; i < parts.length - 1; i++) {
            const lookup: FieldInfo | undefined = object?.relationships.get((parts[i] ?? '').toLowerCase());
            if (!lookup || !lookup.relationshipName) return null;
            spelled.push(lookup.relationshipName);
            const rest = parts.slice(i + 1);
            const leaf = (rest[0] ?? '').toLowerCase();
            if (lookup.referenceTo.length !== 1) {
                // polymorphic: only the Name object's fields, one hop
                const field = rest.length === 1 ? NAME_OBJECT_FIELDS[leaf] : undefined;
                return field ? { path: [...spelled, field.name].join('.'), field } : null;
            }
            if (rest.length === 1 && (leaf === 'id' || (leaf === 'name' && hasNameField(lookup.referenceTo[0] ?? '')))) {
                const field = leaf === 'name' ? NAME_OBJECT_FIELDS['name'] : NAME_OBJECT_FIELDS['id'];
                return field ? { path: [...spelled, field.name].join('.'), field } : null;
            }
            object = await this.load(lookup.referenceTo[0] ?? '', false);
        }
        const field = object?.fields.get((parts[parts.length - 1] ?? '').toLowerCase());
        return field ? { path: [...spelled, field.name].join('.'), field } : null;
    }

    /**
     * The readable subset of `wanted` (fields, relationship paths or functions over them), in order, without
     * duplicates, each with where its value comes back and its type; the rest listed as hidden.
     */
    async plan(sObject: string, wanted: readonly string[]): Promise<FieldPlan> {
        const fields: PlannedField[] = [];
        const hidden: string[] = [];
        const seen = new Set<string>();
        for (const item of wanted) {
            const fn = FUNCTION_RE.exec(item);
            const path = fn ? (fn[2] ?? '') : item;
            const resolved = await this.resolve(sObject, path);
            if (!resolved) {
                if (!ORG_FEATURE_FIELDS.has(path.toLowerCase()) && !hidden.includes(item)) hidden.push(item);
                continue;
            }
            const select = fn ? `${fn[1]}(${resolved.path})${fn[3] ? ` ${fn[3]}` : ''}` : resolved.path;
            if (seen.has(select.toLowerCase())) continue;
            seen.add(select.toLowerCase());
            if (!fn) {
                fields.push({ select, key: resolved.path.split('.'), type: resolved.field.type });
                continue;
            }
            const name = (fn[1] ?? '').toLowerCase();
            // a function's value comes back under its alias, else under the field's own name
            const key = fn[3] ? [fn[3]] : resolved.path.split('.');
            fields.push({ select, key, type: name === 'convertcurrency' ? resolved.field.type : 'string' });
        }
        return { sObject, fields, hidden };
    }
}

/** The SELECT items of a plan. */
export function selectOf(plan: FieldPlan): string[] {
    return plan.fields.map((f) => f.select);
}

/** The warning a run logs once when the user cannot read some of the fields (they are synced as null). */
export function hiddenFieldsWarning(model: string, sObject: string, hidden: readonly string[]): string {
    return (
        `${model}: the connected user cannot read ${hidden.map((f) => `${sObject}.${f}`).join(', ')} (field-level security, or no such field); ` +
        `they are synced as null. To sync them, give the user's profile or a permission set Read access to each field ` +
        `(Setup → Object Manager → ${sObject} → Fields & Relationships → the field → Set Field-Level Security); the next run then re-reads every record.`
    );
}

/** The column an `INVALID_FIELD: No such column 'X' on entity 'Y'` error names (what SOQL and SOSL say of a hidden field). */
export function missingColumn(error: unknown): { field: string; entity: string } | null {
    const payload = (error as { payload?: { errorCode?: unknown; message?: unknown } } | null)?.payload;
    if (payload?.errorCode !== 'INVALID_FIELD' || typeof payload.message !== 'string') return null;
    const match = /No such column '([A-Za-z0-9_]+)' on entity '([A-Za-z0-9_]+)'/.exec(payload.message);
    if (match) return { field: match[1] ?? '', entity: match[2] ?? '' };
    // a hidden lookup: its relationship is unknown too
    const relationship = /Didn't understand relationship '([A-Za-z0-9_]+)' in field path/.exec(payload.message);
    return relationship ? { field: relationship[1] ?? '', entity: '' } : null;
}

/**
 * Runs a read that selects `fields`; when Salesforce answers that the user cannot see one of them (field-level
 * security), plans the fields from describe and runs it once more with the readable ones, so hidden fields come back
 * null instead of failing the call. One call when every field is visible, three when some are hidden (the refused
 * read, one describe, the read again): for actions, where a describe before every read would cost a call each time.
 * Fields in `required` are always selected: if one of them is hidden, the second read fails with Salesforce's error.
 */
export async function withReadableFields<T>(nango: NangoClient, sObject: string, fields: readonly string[], read: (fields: readonly string[]) => Promise<T>, required: readonly string[] = ['Id']): Promise<T> {
    try {
        return await read(fields);
    } catch (error) {
        if (!missingColumn(error)) throw error;
    }
    const plan = await new FieldCatalog(nango).plan(sObject, fields);
    const readable = new Set(selectOf(plan).map((f) => f.toLowerCase()));
    const keep = new Set(required.map((f) => f.toLowerCase()));
    // keep the caller's spelling and order: the caller's mapper reads the paths it asked for
    return read(fields.filter((f) => readable.has(f.toLowerCase()) || keep.has(f.toLowerCase())));
}
