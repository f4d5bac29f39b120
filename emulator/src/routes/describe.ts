/**
 * Describe Global, sObject basic info and Describe sObject bodies.
 *
 * Key sets and order follow recorded production responses (REST "sObject Describe" / `resources_sobject_describe`,
 * SOAP "DescribeSObjectResult" and "DescribeFieldResult"): Salesforce emits keys alphabetically, every documented
 * key present (null or false when it doesn't apply). Values the emulator can't know (layouts, action overrides,
 * filtered lookups) take the value a plain org shows.
 */
import type { ChildRelationship, FieldDef, ObjectDef, Schema } from '../org/schema.js';
import { CASCADES } from '../org/store.js';

/** A RecordType row of the object (from the org's RecordType table). */
export interface RecordTypeRow {
    id: string;
    name: string;
    developerName: string;
    active: boolean;
}

/** The Master record type every object has (its id is the same in every org). */
export const MASTER_RECORD_TYPE_ID = '012000000000000AAA';

/** Objects whose records can be merged (Object Reference: merge() among the supported calls). */
const MERGEABLE = new Set(['Account', 'Contact', 'Lead', 'Case']);

function urlsOf(def: ObjectDef, version: string): Record<string, string> {
    const base = `/services/data/v${version}/sobjects/${def.name}`;
    if (!def.layoutable) return { rowTemplate: `${base}/{ID}`, describe: `${base}/describe`, sobject: base };
    return {
        compactLayouts: `${base}/describe/compactLayouts`,
        rowTemplate: `${base}/{ID}`,
        approvalLayouts: `${base}/describe/approvalLayouts`,
        ...(def.createable ? { defaultValues: `${base}/defaultValues?recordTypeId&fields` } : {}),
        listviews: `${base}/listviews`,
        describe: `${base}/describe`,
        quickActions: `${base}/quickActions`,
        layouts: `${base}/describe/layouts`,
        sobject: base
    };
}

/** One entry of Describe Global, also the `objectDescribe` of sObject Basic Information. */
export function objectSummary(def: ObjectDef, version: string): Record<string, unknown> {
    return {
        activateable: false,
        associateEntityType: null,
        associateParentEntity: null,
        createable: def.createable,
        custom: def.custom,
        customSetting: false,
        deepCloneable: false,
        deletable: def.deletable,
        deprecatedAndHidden: false,
        feedEnabled: !def.custom && def.layoutable,
        hasSubtypes: false,
        isInterface: false,
        isSubtype: false,
        keyPrefix: def.keyPrefix === '' ? null : def.keyPrefix,
        label: def.label,
        labelPlural: def.labelPlural,
        layoutable: def.layoutable,
        mergeable: MERGEABLE.has(def.name),
        mruEnabled: def.layoutable,
        name: def.name,
        queryable: def.queryable,
        replicateable: def.replicateable,
        retrieveable: def.retrieveable,
        searchable: def.searchable,
        triggerable: def.triggerable,
        undeletable: def.deletable,
        updateable: def.updateable,
        urls: urlsOf(def, version)
    };
}

const TEXTUAL = new Set(['string', 'textarea', 'picklist', 'multipicklist', 'email', 'phone', 'url', 'combobox']);
const NUMERIC = new Set(['int', 'double', 'currency', 'percent']);
/** Audit fields: their field-level security can't be set (describe: permissionable false). */
const SYSTEM_FIELDS = new Set(['Id', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'OwnerId']);

function byteLength(fd: FieldDef): number {
    if (fd.type === 'id' || fd.type === 'reference') return 18;
    return TEXTUAL.has(fd.type) ? fd.length * 3 : 0;
}

/** Whether an admin can set the field's field-level security. */
function permissionable(fd: FieldDef): boolean {
    if (SYSTEM_FIELDS.has(fd.name) || fd.type === 'id' || fd.type === 'address') return false;
    if (fd.custom) return true;
    if (fd.nameField || fd.autoNumber) return false;
    return fd.nillable && (fd.createable || fd.updateable);
}

function extraTypeInfo(fd: FieldDef): string | null {
    if (fd.extraTypeInfo !== undefined) return fd.extraTypeInfo;
    return fd.type === 'textarea' ? 'plaintextarea' : null;
}

function defaultValue(fd: FieldDef): unknown {
    if (fd.type !== 'boolean') return null;
    return fd.calculated ? null : (fd.defaultValue ?? false);
}

/** A DescribeFieldResult with every key a production describe carries, in its order. */
export function fieldDescribe(fd: FieldDef): Record<string, unknown> {
    const longText = fd.type === 'textarea' && fd.length > 255;
    return {
        aggregatable: fd.type !== 'address' && !longText,
        aiPredictionField: false,
        autoNumber: fd.autoNumber,
        byteLength: byteLength(fd),
        calculated: fd.calculated,
        calculatedFormula: fd.calculatedFormula ?? null,
        cascadeDelete: false,
        caseSensitive: false,
        compoundFieldName: fd.compoundFieldName ?? null,
        controllerName: fd.controllerName ?? null,
        createable: fd.createable,
        custom: fd.custom,
        defaultValue: defaultValue(fd),
        defaultValueFormula: null,
        defaultedOnCreate: fd.defaultedOnCreate,
        dependentPicklist: fd.dependentPicklist ?? false,
        deprecatedAndHidden: false,
        digits: fd.digits,
        displayLocationInDecimal: false,
        encrypted: false,
        externalId: fd.externalId,
        extraTypeInfo: extraTypeInfo(fd),
        filterable: fd.filterable,
        filteredLookupInfo: null,
        formulaTreatNullNumberAsZero: fd.calculated && NUMERIC.has(fd.type),
        groupable: fd.groupable,
        highScaleNumber: false,
        htmlFormatted: fd.htmlFormatted ?? false,
        idLookup: fd.idLookup,
        inlineHelpText: fd.inlineHelpText ?? null,
        label: fd.label,
        length: fd.length,
        mask: null,
        maskType: null,
        name: fd.name,
        nameField: fd.nameField,
        namePointing: fd.referenceTo.length > 1,
        nillable: fd.nillable,
        permissionable: permissionable(fd),
        picklistValues: fd.picklistValues,
        polymorphicForeignKey: fd.referenceTo.length > 1,
        precision: fd.precision,
        queryByDistance: fd.type === 'address',
        referenceTargetField: null,
        referenceTo: fd.referenceTo,
        relationshipName: fd.relationshipName,
        relationshipOrder: null,
        restrictedDelete: false,
        restrictedPicklist: fd.restrictedPicklist,
        scale: fd.scale,
        searchPrefilterable: fd.type === 'reference' && fd.referenceTo.length === 1,
        soapType: fd.soapType,
        sortable: fd.sortable,
        type: fd.type,
        unique: fd.unique,
        updateable: fd.updateable,
        writeRequiresMasterRead: false
    };
}

/** Child relationships, with cascadeDelete where deleting the parent deletes the children (Account → Contacts). */
function childRelationships(schema: Schema, def: ObjectDef): ChildRelationship[] {
    return schema.childRelationships(def.name).map((rel) => ({
        ...rel,
        cascadeDelete: (CASCADES[def.name] ?? []).some(([child, fk]) => child === rel.childSObject && fk === rel.field)
    }));
}

/**
 * List-view scopes: everything; mine for objects with owners; team for objects with sales teams (Account,
 * Opportunity). Labels follow the "All accounts" / "My accounts" pattern of recorded describes.
 */
function supportedScopes(def: ObjectDef): Array<{ label: string; name: string }> {
    if (!def.layoutable) return [];
    const plural = def.labelPlural.toLowerCase();
    const out = [{ label: `All ${plural}`, name: 'everything' }];
    if (def.byName.has('ownerid')) out.push({ label: `My ${plural}`, name: 'mine' });
    if (def.name === 'Account' || def.name === 'Opportunity') out.push({ label: `My team's ${plural}`, name: 'team' });
    return out;
}

/**
 * recordTypeInfos: the Master record type always (DescribeSObjectResult lists it even when the object has no record
 * types); with active record types, the first is the user's default and Master is no longer available to them.
 */
function recordTypeInfos(def: ObjectDef, version: string, recordTypes: RecordTypeRow[]): Array<Record<string, unknown>> {
    const layout = (id: string): { layout: string } => ({ layout: `/services/data/v${version}/sobjects/${def.name}/describe/layouts/${id}` });
    const active = recordTypes.filter((rt) => rt.active);
    const rows = recordTypes.map((rt) => ({
        active: rt.active,
        available: rt.active,
        defaultRecordTypeMapping: rt === active[0],
        developerName: rt.developerName,
        master: false,
        name: rt.name,
        recordTypeId: rt.id,
        urls: layout(rt.id)
    }));
    const master = {
        active: true,
        available: active.length === 0,
        defaultRecordTypeMapping: active.length === 0,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: MASTER_RECORD_TYPE_ID,
        urls: layout(MASTER_RECORD_TYPE_ID)
    };
    return [...rows, master];
}

export interface DescribeOptions {
    /** The org's instance URL (uiDetailTemplate and friends are absolute). */
    instanceUrl?: string;
    /** The object's record types. */
    recordTypes?: RecordTypeRow[];
}

/** DescribeSObjectResult. */
export function describeSObject(schema: Schema, def: ObjectDef, version: string, opts: DescribeOptions = {}): Record<string, unknown> {
    const summary = objectSummary(def, version);
    const ui = opts.instanceUrl ?? '';
    const urls: Record<string, string> = { ...(summary['urls'] as Record<string, string>) };
    if (def.layoutable) {
        Object.assign(urls, { uiDetailTemplate: `${ui}/{ID}`, uiEditTemplate: `${ui}/{ID}/e`, uiNewRecord: `${ui}/${def.keyPrefix}/e` });
    }
    const { urls: _urls, ...flags } = summary;
    void _urls;
    const out: Record<string, unknown> = {
        actionOverrides: [],
        ...flags,
        childRelationships: childRelationships(schema, def),
        compactLayoutable: def.layoutable,
        defaultImplementation: null,
        extendedBy: null,
        extendsInterfaces: null,
        fields: def.fields.map(fieldDescribe),
        implementedBy: null,
        implementsInterfaces: null,
        listviewable: null,
        lookupLayoutable: null,
        namedLayoutInfos: [],
        networkScopeFieldName: null,
        recordTypeInfos: recordTypeInfos(def, version, opts.recordTypes ?? []),
        searchLayoutable: def.searchable && def.layoutable,
        sobjectDescribeOption: 'FULL',
        supportedScopes: supportedScopes(def),
        urls
    };
    // Salesforce emits the keys in alphabetical order.
    return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}

export function describeGlobal(schema: Schema, version: string): Record<string, unknown> {
    return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: schema.objects.map((o) => objectSummary(o, version)) };
}
