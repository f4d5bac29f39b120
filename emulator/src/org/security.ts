/**
 * Traits that make the emulated org behave like a production org rather than a tidy demo org (issue 11), and the
 * field-level security (FLS) of the connected (API) user.
 *
 * FLS, as Salesforce applies it: a field the user's profile/permission sets can't read is simply absent for that
 * user. Describe leaves it out, SOQL and SOSL naming it fail with INVALID_FIELD "No such column 'X' on entity 'Y'"
 * (the message does not say "no access": the same words as for a field that does not exist), a record GET omits it,
 * and a write naming it fails with INVALID_FIELD "No such column 'X' on sobject of type Y". A field the user can read
 * but not edit shows createable/updateable false in describe and a write gets INVALID_FIELD_FOR_INSERT_UPDATE
 * ("Unable to create/update fields: X. Please check the security settings of this field and verify that it is
 * read/write for your profile or permission set."). History objects respect the FLS of their parent object (Object
 * Reference, AccountHistory: "This object respects field level security on the parent object").
 *
 * The emulator applies FLS to the API user's *view* of each object (see `FieldSecurity.view`): the store keeps every
 * value (seeding fills hidden fields too), and the in-process API (`emu.org.insertRaw`, `org.get`) sees everything.
 */
import type { FieldDef, ObjectDef } from './schema.js';

export interface OrgTraits {
    /** 'Object.Field' names the connected user cannot see (field-level security: no Read). `[]` turns FLS off. */
    hiddenFields: string[];
    /** 'Object.Field' names the connected user can read but not edit (FLS Read without Edit). */
    readOnlyFields: string[];
    /** Seed a share of Leads and Cases (and Invoices) owned by a queue instead of a user. Default true. */
    queueOwners: boolean;
    /** Multi-currency org: CurrencyIsoCode on records, CurrencyType rows, User.DefaultCurrencyIsoCode. Default false. */
    multiCurrency: boolean;
    /**
     * State and Country/Territory Picklists (the default for new orgs): addresses gain StateCode/CountryCode picklists
     * and their names must be valid (see addresses.ts). Default true; false gives free-text State/Country.
     */
    stateCountryPicklists: boolean;
}

/**
 * Fields integration profiles commonly lack access to (sensitive financial and personal data): hidden by default, so
 * code that selects them unconditionally meets the INVALID_FIELD a production org gives.
 */
export const DEFAULT_HIDDEN_FIELDS: string[] = ['Account.AnnualRevenue', 'Contact.Birthdate', 'Lead.AnnualRevenue'];

export const DEFAULT_TRAITS: Readonly<OrgTraits> = Object.freeze({
    hiddenFields: [...DEFAULT_HIDDEN_FIELDS],
    readOnlyFields: [],
    queueOwners: true,
    multiCurrency: false,
    stateCountryPicklists: true
});

/** Traits with the defaults filled in (lists copied). */
export function resolveTraits(traits: Partial<OrgTraits> = {}): OrgTraits {
    return {
        hiddenFields: [...(traits.hiddenFields ?? DEFAULT_TRAITS.hiddenFields)],
        readOnlyFields: [...(traits.readOnlyFields ?? DEFAULT_TRAITS.readOnlyFields)],
        queueOwners: traits.queueOwners ?? DEFAULT_TRAITS.queueOwners,
        multiCurrency: traits.multiCurrency ?? DEFAULT_TRAITS.multiCurrency,
        stateCountryPicklists: traits.stateCountryPicklists ?? DEFAULT_TRAITS.stateCountryPicklists
    };
}

/** A change of the API user's field-level security: each list given replaces the current one. */
export interface FieldSecurityChange {
    hiddenFields?: string[];
    readOnlyFields?: string[];
}

/** System fields whose field-level security Salesforce does not let an admin change (always readable). */
const ALWAYS_VISIBLE = new Set(['id', 'isdeleted', 'createddate', 'createdbyid', 'lastmodifieddate', 'lastmodifiedbyid', 'systemmodstamp', 'ownerid', 'currencyisocode']);

/** Why FLS cannot apply to a field (required and system fields are always readable and editable), or undefined. */
function notPermissionable(fd: FieldDef): string | undefined {
    if (ALWAYS_VISIBLE.has(fd.name.toLowerCase())) return 'a system field';
    if (fd.nameField) return 'the name field';
    if (!fd.nillable && fd.createable && !fd.defaultedOnCreate && fd.type !== 'boolean') return 'a required field';
    return undefined;
}

/** Resolves 'Object.Field' names against the full object definitions; throws one Error listing every bad entry. */
export function resolveFieldNames(defs: readonly ObjectDef[], names: readonly string[], what: string): Array<{ object: ObjectDef; field: FieldDef }> {
    const byName = new Map(defs.map((d) => [d.name.toLowerCase(), d]));
    const problems: string[] = [];
    const out: Array<{ object: ObjectDef; field: FieldDef }> = [];
    for (const raw of names) {
        if (typeof raw !== 'string') {
            problems.push(`${JSON.stringify(raw)} is not a string`);
            continue;
        }
        const name = raw.trim();
        const m = /^([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*)$/.exec(name);
        if (!m) {
            problems.push(`'${name}' is not of the form Object.Field`);
            continue;
        }
        const object = byName.get((m[1] as string).toLowerCase());
        if (!object) {
            problems.push(`'${name}': no object ${m[1]} in the emulated org`);
            continue;
        }
        const field = object.byName.get((m[2] as string).toLowerCase());
        if (!field) {
            problems.push(`'${name}': ${object.name} has no field ${m[2]}`);
            continue;
        }
        const why = notPermissionable(field);
        if (why) {
            problems.push(`'${object.name}.${field.name}' is ${why}: Salesforce does not apply field-level security to it`);
            continue;
        }
        out.push({ object, field });
    }
    if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}`);
    return out;
}

/** The API user's field-level security over a set of object definitions. */
export class FieldSecurity {
    /** Lower-cased object name → lower-cased field names. */
    private readonly hidden = new Map<string, Set<string>>();
    private readonly readOnly = new Map<string, Set<string>>();
    private hiddenNames: string[] = [];
    private readOnlyNames: string[] = [];

    constructor(
        private readonly defs: readonly ObjectDef[],
        initial: FieldSecurityChange = {}
    ) {
        this.set(initial);
    }

    /** Replaces the lists given (validated first: nothing changes when one entry is bad). */
    set(change: FieldSecurityChange): void {
        const hidden = change.hiddenFields === undefined ? undefined : resolveFieldNames(this.defs, change.hiddenFields, 'hiddenFields');
        const readOnly = change.readOnlyFields === undefined ? undefined : resolveFieldNames(this.defs, change.readOnlyFields, 'readOnlyFields');
        if (hidden) {
            this.hidden.clear();
            this.hiddenNames = fill(this.hidden, hidden);
        }
        if (readOnly) {
            this.readOnly.clear();
            this.readOnlyNames = fill(this.readOnly, readOnly);
        }
    }

    /** Canonical 'Object.Field' names currently hidden / read-only. */
    get hiddenFields(): string[] {
        return [...this.hiddenNames];
    }

    get readOnlyFields(): string[] {
        return [...this.readOnlyNames];
    }

    isHidden(object: string, field: string): boolean {
        return this.hidden.get(object.toLowerCase())?.has(field.toLowerCase()) === true;
    }

    isReadOnly(object: string, field: string): boolean {
        return this.readOnly.get(object.toLowerCase())?.has(field.toLowerCase()) === true;
    }

    /**
     * The object as the API user sees it: hidden fields (and the relationships they carry) removed, read-only ones
     * with createable/updateable false. The definition itself when FLS touches none of its fields.
     */
    view(def: ObjectDef): ObjectDef {
        const key = def.name.toLowerCase();
        const hidden = this.hidden.get(key);
        const readOnly = this.readOnly.get(key);
        if (!hidden && !readOnly) return def;
        const fields = def.fields
            .filter((fd) => !hidden?.has(fd.name.toLowerCase()))
            .map((fd) => (readOnly?.has(fd.name.toLowerCase()) && (fd.createable || fd.updateable) ? { ...fd, createable: false, updateable: false } : fd));
        const byName = new Map<string, FieldDef>();
        const byRelationship = new Map<string, FieldDef>();
        for (const fd of fields) {
            byName.set(fd.name.toLowerCase(), fd);
            if (fd.relationshipName) byRelationship.set(fd.relationshipName.toLowerCase(), fd);
        }
        return { ...def, fields, byName, byRelationship };
    }
}

function fill(into: Map<string, Set<string>>, entries: Array<{ object: ObjectDef; field: FieldDef }>): string[] {
    const names: string[] = [];
    for (const { object, field } of entries) {
        const set = into.get(object.name.toLowerCase()) ?? new Set<string>();
        if (!set.has(field.name.toLowerCase())) names.push(`${object.name}.${field.name}`);
        set.add(field.name.toLowerCase());
        into.set(object.name.toLowerCase(), set);
    }
    return names;
}
