/** Describe Global, sObject basic info and Describe sObject bodies. */
import type { FieldDef, ObjectDef, Schema } from '../org/schema.js';

export function objectSummary(def: ObjectDef, version: string): Record<string, unknown> {
    const base = `/services/data/v${version}/sobjects/${def.name}`;
    return {
        activateable: false,
        createable: def.createable,
        custom: def.custom,
        customSetting: false,
        deepCloneable: false,
        deletable: def.deletable,
        deprecatedAndHidden: false,
        feedEnabled: !def.custom,
        hasSubtypes: false,
        idEnabled: true,
        isInterface: false,
        isSubtype: false,
        keyPrefix: def.keyPrefix,
        label: def.label,
        labelPlural: def.labelPlural,
        layoutable: true,
        mergeable: ['Account', 'Contact', 'Lead', 'Case'].includes(def.name),
        mruEnabled: true,
        name: def.name,
        queryable: true,
        replicateable: true,
        retrieveable: true,
        searchable: true,
        triggerable: true,
        undeletable: def.deletable,
        updateable: def.updateable,
        urls: { rowTemplate: `${base}/{ID}`, defaultValues: `${base}/defaultValues?recordTypeId&fields`, describe: `${base}/describe`, sobject: base }
    };
}

function fieldDescribe(fd: FieldDef): Record<string, unknown> {
    return {
        aggregatable: fd.type !== 'textarea',
        autoNumber: fd.autoNumber,
        byteLength: fd.length * 3,
        calculated: fd.calculated,
        cascadeDelete: false,
        caseSensitive: false,
        createable: fd.createable,
        custom: fd.custom,
        defaultValue: fd.type === 'boolean' ? (fd.defaultValue ?? false) : null,
        defaultedOnCreate: fd.defaultedOnCreate,
        dependentPicklist: false,
        deprecatedAndHidden: false,
        digits: fd.digits,
        externalId: fd.externalId,
        filterable: fd.filterable,
        groupable: fd.groupable,
        htmlFormatted: fd.htmlFormatted ?? false,
        extraTypeInfo: fd.extraTypeInfo ?? null,
        idLookup: fd.idLookup,
        label: fd.label,
        length: fd.length,
        name: fd.name,
        nameField: fd.nameField,
        namePointing: fd.referenceTo.length > 1,
        nillable: fd.nillable,
        permissionable: fd.nillable && fd.custom,
        picklistValues: fd.picklistValues,
        polymorphicForeignKey: fd.referenceTo.length > 1,
        precision: fd.precision,
        referenceTo: fd.referenceTo,
        relationshipName: fd.relationshipName,
        relationshipOrder: null,
        restrictedPicklist: fd.restrictedPicklist,
        scale: fd.scale,
        soapType: fd.soapType,
        sortable: fd.sortable,
        type: fd.type,
        unique: fd.unique,
        updateable: fd.updateable
    };
}

export function describeSObject(schema: Schema, def: ObjectDef, version: string): Record<string, unknown> {
    return {
        ...objectSummary(def, version),
        actionOverrides: [],
        childRelationships: schema.childRelationships(def.name),
        compactLayoutable: true,
        fields: def.fields.map(fieldDescribe),
        namedLayoutInfos: [],
        networkScopeFieldName: null,
        recordTypeInfos: [],
        searchLayoutable: true,
        supportedScopes: [{ label: 'All accounts', name: 'everything' }],
        urls: {
            ...(objectSummary(def, version)['urls'] as Record<string, string>),
            compactLayouts: `/services/data/v${version}/sobjects/${def.name}/describe/compactLayouts`,
            layouts: `/services/data/v${version}/sobjects/${def.name}/describe/layouts`,
            quickActions: `/services/data/v${version}/sobjects/${def.name}/quickActions`
        }
    };
}

export function describeGlobal(schema: Schema, version: string): Record<string, unknown> {
    return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: schema.objects.map((o) => objectSummary(o, version)) };
}
