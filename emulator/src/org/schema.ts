/**
 * Object and field definitions of the emulated org: what describe returns and what the store and the
 * SOQL engine validate against. Adding an object = adding one entry to OBJECTS.
 */
import type { LeadProcessDef } from './lead-processes.js';
import { COUNTRY_CODE_VALUES, GEOCODE_ACCURACY, STATE_CODE_VALUES } from './addresses.js';
import type { Rec, Value } from './values.js';
import { FieldSecurity, resolveTraits, type FieldSecurityChange, type OrgTraits } from './security.js';

export type FieldType =
    | 'id'
    | 'string'
    | 'textarea'
    | 'picklist'
    | 'multipicklist'
    | 'reference'
    | 'boolean'
    | 'currency'
    | 'double'
    | 'percent'
    | 'int'
    | 'date'
    | 'datetime'
    | 'email'
    | 'phone'
    | 'url'
    /** History objects' OldValue/NewValue (Object Reference, "StandardObjectNameHistory"). */
    | 'anyType'
    /** A change event's ChangeEventHeader. */
    | 'complexvalue'
    /** A compound address (BillingAddress…): read-only, its components carry the values (see addresses.ts). */
    | 'address'
    /** Binary content (Attachment.Body): written as base64; read as the URL of the blob (Object Reference, "base64"). */
    | 'base64';

export interface PicklistValue {
    active: boolean;
    defaultValue: boolean;
    label: string;
    value: string;
    /** Dependent picklists: base64 bitmap of the controlling values this entry is valid for. */
    validFor: string | null;
}

export interface FieldDef {
    name: string;
    label: string;
    type: FieldType;
    length: number;
    precision: number;
    scale: number;
    digits: number;
    nillable: boolean;
    createable: boolean;
    updateable: boolean;
    filterable: boolean;
    sortable: boolean;
    groupable: boolean;
    externalId: boolean;
    idLookup: boolean;
    unique: boolean;
    custom: boolean;
    calculated: boolean;
    autoNumber: boolean;
    defaultedOnCreate: boolean;
    nameField: boolean;
    picklistValues: PicklistValue[];
    restrictedPicklist: boolean;
    referenceTo: string[];
    relationshipName: string | null;
    soapType: string;
    /** Value used on create when the field is absent (only for defaultedOnCreate fields). */
    defaultValue?: string | number | boolean;
    /** Rich text: 'richtextarea' with htmlFormatted. */
    extraTypeInfo?: string;
    htmlFormatted?: boolean;
    /** A component of a compound field: BillingCity → 'BillingAddress', Contact.FirstName → 'Name'. */
    compoundFieldName?: string;
    /** Dependent picklist: the controlling field (BillingStateCode → 'BillingCountryCode'). */
    controllerName?: string;
    dependentPicklist?: boolean;
    /** Formula fields (calculated): the formula describe shows, and how the emulator evaluates it on every read. */
    calculatedFormula?: string;
    compute?: (rec: Rec) => Value;
    /** Field-level help. */
    inlineHelpText?: string;
}

export interface ObjectDef {
    name: string;
    label: string;
    labelPlural: string;
    keyPrefix: string;
    custom: boolean;
    fields: FieldDef[];
    /** Lower-cased field name → field. */
    byName: Map<string, FieldDef>;
    /** Lower-cased relationship name → reference field. */
    byRelationship: Map<string, FieldDef>;
    createable: boolean;
    updateable: boolean;
    deletable: boolean;
    /**
     * What the object supports, as its Object Reference page lists under "Supported Calls": query(); getUpdated() and
     * getDeleted() (describe's `replicateable`); retrieve(); search(); Apex triggers; page layouts.
     */
    queryable: boolean;
    replicateable: boolean;
    retrieveable: boolean;
    searchable: boolean;
    triggerable: boolean;
    layoutable: boolean;
    /** For a history object (AccountHistory): the object whose field changes it records. */
    historyOf?: string;
    /** Prefix of an auto-number Name, e.g. 'INV-'. */
    autoNumberFormat?: { prefix: string; width: number };
    /** This object is a view over another object's rows (KnowledgeArticleVersion over Knowledge__kav). */
    sharesTableWith?: string;
}

export interface ChildRelationship {
    childSObject: string;
    field: string;
    relationshipName: string | null;
    cascadeDelete: boolean;
    restrictedDelete: boolean;
    deprecatedAndHidden: boolean;
    junctionIdListNames: string[];
    junctionReferenceTo: string[];
}

const SOAP: Record<FieldType, string> = {
    id: 'tns:ID',
    reference: 'tns:ID',
    string: 'xsd:string',
    textarea: 'xsd:string',
    picklist: 'xsd:string',
    multipicklist: 'xsd:string',
    email: 'xsd:string',
    phone: 'xsd:string',
    url: 'xsd:string',
    boolean: 'xsd:boolean',
    currency: 'xsd:double',
    double: 'xsd:double',
    percent: 'xsd:double',
    int: 'xsd:int',
    date: 'xsd:date',
    datetime: 'xsd:dateTime',
    anyType: 'xsd:anyType',
    complexvalue: 'tns:ChangeEventHeader',
    base64: 'xsd:base64Binary',
    address: 'urn:address'
};

type FieldOpts = Partial<Omit<FieldDef, 'name' | 'type' | 'picklistValues'>> & { picklist?: string[]; defaultPick?: string };

function labelOf(name: string): string {
    return name
        .replace(/__c$/, '')
        .replace(/Id$/, ' ID')
        .replace(/_/g, ' ')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .trim();
}

function f(name: string, type: FieldType, opts: FieldOpts = {}): FieldDef {
    const { picklist, defaultPick, ...rest } = opts;
    const textual = ['string', 'textarea', 'picklist', 'multipicklist', 'email', 'phone', 'url'].includes(type);
    const def: FieldDef = {
        name,
        label: labelOf(name),
        type,
        length: textual ? 255 : type === 'id' || type === 'reference' ? 18 : 0,
        precision: type === 'currency' ? 18 : type === 'double' || type === 'percent' ? 18 : 0,
        scale: type === 'currency' || type === 'percent' ? 2 : 0,
        digits: type === 'int' ? 9 : 0,
        nillable: true,
        createable: true,
        updateable: true,
        filterable: type !== 'textarea' || (opts.length ?? 255) <= 255,
        sortable: type !== 'textarea' || (opts.length ?? 255) <= 255,
        groupable: type !== 'textarea' && type !== 'datetime' && type !== 'currency' && type !== 'double',
        externalId: false,
        idLookup: false,
        unique: false,
        custom: name.endsWith('__c'),
        calculated: false,
        autoNumber: false,
        defaultedOnCreate: false,
        nameField: false,
        restrictedPicklist: false,
        referenceTo: [],
        relationshipName: null,
        soapType: SOAP[type],
        picklistValues: (picklist ?? []).map((v) => ({ active: true, defaultValue: v === defaultPick, label: v, value: v, validFor: null })),
        ...rest
    };
    if (defaultPick !== undefined) {
        def.defaultedOnCreate = true;
        def.defaultValue = defaultPick;
    }
    return def;
}

const ro: FieldOpts = { createable: false, updateable: false };

function ref(name: string, to: string[], relationshipName: string, opts: FieldOpts = {}): FieldDef {
    return f(name, 'reference', { referenceTo: to, relationshipName, ...opts });
}

/** Fields every object has: Id, IsDeleted, audit fields and SystemModstamp. */
function systemFields(opts: { owner?: boolean } = {}): FieldDef[] {
    const out = [
        f('Id', 'id', { ...ro, nillable: false, defaultedOnCreate: true, idLookup: true, label: 'Record ID' }),
        f('IsDeleted', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, label: 'Deleted' })
    ];
    if (opts.owner !== false) {
        out.push(ref('OwnerId', ['User'], 'Owner', { nillable: false, defaultedOnCreate: true, label: 'Owner ID' }));
    }
    out.push(
        f('CreatedDate', 'datetime', { ...ro, nillable: false, defaultedOnCreate: true }),
        ref('CreatedById', ['User'], 'CreatedBy', { ...ro, nillable: false, defaultedOnCreate: true }),
        f('LastModifiedDate', 'datetime', { ...ro, nillable: false, defaultedOnCreate: true }),
        ref('LastModifiedById', ['User'], 'LastModifiedBy', { ...ro, nillable: false, defaultedOnCreate: true }),
        f('SystemModstamp', 'datetime', { ...ro, nillable: false, defaultedOnCreate: true, label: 'System Modstamp' })
    );
    return out;
}

const INDUSTRIES = ['Agriculture', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting', 'Education', 'Electronics', 'Energy', 'Engineering', 'Entertainment', 'Finance', 'Healthcare', 'Insurance', 'Manufacturing', 'Media', 'Retail', 'Technology', 'Transportation'];
/** One OpportunityStage row: `name` is the ApiName/MasterLabel used in StageName. */
export interface OpportunityStageDef {
    name: string;
    probability: number;
    isClosed: boolean;
    isWon: boolean;
    forecast: string;
    /** MasterLabel when it differs from the API name. */
    label?: string;
    /** Default true. */
    isActive?: boolean;
}

/** One LeadStatus row. */
export interface LeadStatusDef {
    /** The picklist value's API name (LeadStatus.ApiName): what Lead.Status holds and convertLead's convertedStatus must be. */
    name: string;
    /** The label users see (LeadStatus.MasterLabel); default: the name. Orgs that rename a value's label keep its API name. */
    label?: string;
    isConverted: boolean;
    isDefault?: boolean;
}

export interface SchemaOptions {
    /** Knowledge enabled (KnowledgeArticleVersion, Knowledge__kav); default true. */
    knowledge?: boolean;
    /** OpportunityStage rows (the StageName picklist and what IsClosed/IsWon/Probability derive from). */
    opportunityStages?: OpportunityStageDef[];
    /** LeadStatus rows (the Lead Status picklist; convertLead needs one with isConverted). */
    leadStatuses?: LeadStatusDef[];
    /** Lead record types with their lead processes (org/lead-processes.ts); any adds Lead.RecordTypeId. */
    leadProcesses?: LeadProcessDef[];
    /** Production-org traits (field-level security, queue owners, multi-currency); defaults: DEFAULT_TRAITS. */
    traits?: Partial<OrgTraits>;
}

export const OPPORTUNITY_STAGES: OpportunityStageDef[] = [
    { name: 'Prospecting', probability: 10, isClosed: false, isWon: false, forecast: 'Pipeline' },
    { name: 'Qualification', probability: 10, isClosed: false, isWon: false, forecast: 'Pipeline' },
    { name: 'Needs Analysis', probability: 20, isClosed: false, isWon: false, forecast: 'Pipeline' },
    { name: 'Value Proposition', probability: 50, isClosed: false, isWon: false, forecast: 'Pipeline' },
    { name: 'Proposal/Price Quote', probability: 75, isClosed: false, isWon: false, forecast: 'Pipeline' },
    { name: 'Negotiation/Review', probability: 90, isClosed: false, isWon: false, forecast: 'Pipeline' },
    { name: 'Closed Won', probability: 100, isClosed: true, isWon: true, forecast: 'Closed' },
    { name: 'Closed Lost', probability: 0, isClosed: true, isWon: false, forecast: 'Omitted' }
];
export const CASE_STATUSES = ['New', 'Working', 'Escalated', 'Closed'];
export const LEAD_STATUS_DEFS: LeadStatusDef[] = [
    { name: 'Open - Not Contacted', isConverted: false, isDefault: true },
    { name: 'Working - Contacted', isConverted: false },
    { name: 'Closed - Converted', isConverted: true },
    { name: 'Closed - Not Converted', isConverted: false }
];
export const LEAD_STATUSES = LEAD_STATUS_DEFS.map((s) => s.name);
export const INVOICE_STATUSES = ['Draft', 'Sent', 'Paid', 'Overdue', 'Void'];
export const CAMPAIGN_TYPES = ['Conference', 'Webinar', 'Trade Show', 'Public Relations', 'Partners', 'Referral Program', 'Advertisement', 'Banner Ads', 'Direct Mail', 'Email', 'Telemarketing', 'Other'];
export const CAMPAIGN_STATUSES = ['Planned', 'In Progress', 'Completed', 'Aborted'];
/** Campaign's member counts (int, read-only, 0 on create), with their labels. */
export const CAMPAIGN_COUNT_FIELDS: ReadonlyArray<[string, string]> = [
    ['NumberOfLeads', 'Leads in Campaign'],
    ['NumberOfConvertedLeads', 'Converted Leads in Campaign'],
    ['NumberOfContacts', 'Contacts in Campaign'],
    ['NumberOfResponses', 'Responses in Campaign'],
    ['NumberOfOpportunities', 'Opportunities in Campaign'],
    ['NumberOfWonOpportunities', 'Won Opportunities in Campaign']
];

/**
 * A standard address: its components, then the read-only compound `{p}Address` (Object Reference "Address Compound
 * Fields"; lengths and labels from the Account field reference). The StateCode/CountryCode picklists exist only with
 * State and Country/Territory Picklists on; Schema drops them otherwise (see addresses.ts for their rules).
 */
const ADDRESS = (p: string): FieldDef[] => {
    const l = p === '' ? '' : `${p} `;
    const compound = `${p}Address`;
    const part = (fd: FieldDef, picklistValues?: PicklistValue[]): FieldDef => ({ ...fd, compoundFieldName: compound, ...(picklistValues ? { picklistValues } : {}) });
    return [
        part(f(`${p}Street`, 'textarea', { length: 255, label: `${l}Street` })),
        part(f(`${p}City`, 'string', { length: 40, label: `${l}City` })),
        part(f(`${p}State`, 'string', { length: 80, label: `${l}State/Province` })),
        part(f(`${p}PostalCode`, 'string', { length: 20, label: `${l}Zip/Postal Code` })),
        part(f(`${p}Country`, 'string', { length: 80, label: `${l}Country` })),
        part(
            f(`${p}StateCode`, 'picklist', { label: `${l}State/Province Code`, restrictedPicklist: true, controllerName: `${p}CountryCode`, dependentPicklist: true }),
            STATE_CODE_VALUES
        ),
        part(f(`${p}CountryCode`, 'picklist', { label: `${l}Country Code`, restrictedPicklist: true }), COUNTRY_CODE_VALUES),
        part(f(`${p}Latitude`, 'double', { precision: 18, scale: 15, label: `${l}Latitude` })),
        part(f(`${p}Longitude`, 'double', { precision: 18, scale: 15, label: `${l}Longitude` })),
        part(
            f(`${p}GeocodeAccuracy`, 'picklist', { length: 40, restrictedPicklist: true, label: `${l}Geocode Accuracy` }),
            GEOCODE_ACCURACY.map(([value, label]) => ({ active: true, defaultValue: false, label, value, validFor: null }))
        ),
        f(compound, 'address', { ...ro, label: `${l}Address`, sortable: false, groupable: false })
    ];
};

/** Without State and Country/Territory Picklists, addresses have no StateCode/CountryCode fields. */
function withAddressPicklists(raws: RawObject[], enabled: boolean): RawObject[] {
    if (enabled) return raws;
    const isCode = (fd: FieldDef): boolean => fd.compoundFieldName !== undefined && /(State|Country)Code$/.test(fd.name);
    return raws.map((raw) => (raw.fields.some(isCode) ? { ...raw, fields: raw.fields.filter((fd) => !isCode(fd)) } : raw));
}

/** A formula field (describe: calculated, never createable/updateable); `compute` runs on every read. */
function formula(name: string, type: FieldType, calculatedFormula: string, compute: (rec: Rec) => Value, opts: FieldOpts = {}): FieldDef {
    return f(name, type, {
        ...ro,
        calculated: true,
        calculatedFormula,
        compute,
        nillable: type !== 'boolean',
        ...(type === 'string' ? { length: 1300 } : {}),
        ...opts
    });
}

const num = (v: Value | undefined): number | null => (typeof v === 'number' ? v : null);

/**
 * Contact and Lead names: `Name` is a compound over Salutation, FirstName and LastName (describe: the components carry
 * compoundFieldName 'Name', the name field extraTypeInfo 'personname'). Unlike addresses, SOQL returns Name as text.
 */
const personName = (): FieldDef[] => [
    { ...f('Salutation', 'picklist', { picklist: ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'] }), compoundFieldName: 'Name' },
    { ...f('FirstName', 'string', { length: 40 }), compoundFieldName: 'Name' },
    { ...f('LastName', 'string', { nillable: false, length: 80 }), compoundFieldName: 'Name' },
    f('Name', 'string', { ...ro, nameField: true, calculated: true, label: 'Full Name', length: 121, extraTypeInfo: 'personname' })
];

interface RawObject {
    name: string;
    label: string;
    labelPlural: string;
    keyPrefix: string;
    fields: FieldDef[];
    createable?: boolean;
    updateable?: boolean;
    deletable?: boolean;
    autoNumberFormat?: { prefix: string; width: number };
    sharesTableWith?: string;
    queryable?: boolean;
    replicateable?: boolean;
    retrieveable?: boolean;
    searchable?: boolean;
    triggerable?: boolean;
    layoutable?: boolean;
    historyOf?: string;
}

function rawObjects(stages: OpportunityStageDef[], leadStatuses: LeadStatusDef[], knowledge: boolean): RawObject[] {
    const defaultLeadStatus = (leadStatuses.find((l) => l.isDefault) ?? leadStatuses[0])?.name ?? 'Open - Not Contacted';
    const all: RawObject[] = [
    {
        name: 'Profile', label: 'Profile', labelPlural: 'Profiles', keyPrefix: '00e', createable: false, updateable: false, deletable: false,
        fields: [...systemFields({ owner: false }), f('Name', 'string', { nillable: false, nameField: true }), f('UserType', 'picklist', { picklist: ['Standard', 'PowerPartner', 'CsnOnly', 'AutomatedProcess'] }), f('Description', 'string')]
    },
    {
        name: 'UserRole', label: 'Role', labelPlural: 'Roles', keyPrefix: '00E', createable: false, updateable: false, deletable: false,
        fields: [...systemFields({ owner: false }), f('Name', 'string', { nillable: false, nameField: true, length: 80 }), f('DeveloperName', 'string', { length: 80 }), ref('ParentRoleId', ['UserRole'], 'ParentRole')]
    },
    // Report and Dashboard (Object Reference): read-only through the sObject API (reports and dashboards are built in
    // the UI or the Analytics API; see org/analytics.ts, routes/analytics.ts); query(), retrieve(), search().
    {
        name: 'Report', label: 'Report', labelPlural: 'Reports', keyPrefix: '00O', createable: false, updateable: false, deletable: false, replicateable: false, triggerable: false, layoutable: false,
        fields: [
            ...systemFields({ owner: false }),
            f('Name', 'string', { ...ro, nillable: false, nameField: true, length: 40, label: 'Report Name' }),
            f('DeveloperName', 'string', { ...ro, nillable: false, length: 80, label: 'Report Unique Name' }),
            f('FolderName', 'string', { ...ro, length: 40, label: 'Folder Name' }),
            f('Format', 'picklist', { ...ro, picklist: ['Tabular', 'Summary', 'Matrix', 'MultiBlock'], label: 'Format' }),
            f('Description', 'string', { ...ro, length: 255 }),
            f('NamespacePrefix', 'string', { ...ro, length: 15, label: 'Namespace Prefix' }),
            f('LastRunDate', 'datetime', { ...ro, label: 'Last Run' }),
            f('LastViewedDate', 'datetime', { ...ro, label: 'Last Viewed Date' })
        ]
    },
    {
        name: 'Dashboard', label: 'Dashboard', labelPlural: 'Dashboards', keyPrefix: '01Z', createable: false, updateable: false, deletable: false, replicateable: false, triggerable: false, layoutable: false,
        fields: [
            ...systemFields({ owner: false }),
            f('Title', 'string', { ...ro, nillable: false, nameField: true, length: 80 }),
            f('DeveloperName', 'string', { ...ro, nillable: false, length: 80, label: 'Dashboard Unique Name' }),
            f('FolderName', 'string', { ...ro, length: 40, label: 'Folder Name' }),
            f('Description', 'string', { ...ro, length: 255 }),
            f('Type', 'picklist', { ...ro, picklist: ['SpecifiedUser', 'LoggedInUser', 'MyTeamUser'], label: 'Dashboard Running User' }),
            ref('RunningUserId', ['User'], 'RunningUser', { ...ro, label: 'Running User ID' }),
            f('NamespacePrefix', 'string', { ...ro, length: 15, label: 'Namespace Prefix' }),
            f('LastViewedDate', 'datetime', { ...ro, label: 'Last Viewed Date' })
        ]
    },
    {
        name: 'User', label: 'User', labelPlural: 'Users', keyPrefix: '005', deletable: false,
        fields: [
            ...systemFields({ owner: false }),
            f('Username', 'string', { nillable: false, idLookup: true, unique: true, length: 80 }),
            f('FirstName', 'string', { length: 40 }),
            f('LastName', 'string', { nillable: false, length: 80 }),
            f('Name', 'string', { ...ro, nameField: true, calculated: true, length: 121 }),
            f('Email', 'email', { nillable: false, length: 128 }),
            f('Alias', 'string', { nillable: false, length: 8 }),
            f('CommunityNickname', 'string', { length: 40, defaultedOnCreate: true }),
            f('IsActive', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: true, label: 'Active' }),
            f('UserType', 'picklist', { ...ro, defaultedOnCreate: true, picklist: ['Standard', 'PowerPartner', 'CsnOnly', 'AutomatedProcess'], defaultValue: 'Standard' }),
            f('Title', 'string', { length: 80 }),
            f('Department', 'string', { length: 80 }),
            f('Phone', 'phone', { length: 40 }),
            ref('ProfileId', ['Profile'], 'Profile', { nillable: false }),
            ref('UserRoleId', ['UserRole'], 'UserRole'),
            ref('ManagerId', ['User'], 'Manager'),
            f('TimeZoneSidKey', 'picklist', { nillable: false, picklist: ['America/Los_Angeles', 'America/New_York', 'Europe/London', 'Europe/Paris', 'Asia/Tokyo'] }),
            f('LocaleSidKey', 'picklist', { nillable: false, picklist: ['en_US', 'en_GB', 'fr_FR', 'de_DE', 'ja_JP'] }),
            f('LanguageLocaleKey', 'picklist', { nillable: false, picklist: ['en_US', 'fr', 'de', 'ja'] }),
            f('EmailEncodingKey', 'picklist', { nillable: false, picklist: ['UTF-8', 'ISO-8859-1'] }),
            f('LastLoginDate', 'datetime', ro)
        ]
    },
    {
        name: 'Account', label: 'Account', labelPlural: 'Accounts', keyPrefix: '001',
        fields: [
            ...systemFields(),
            f('Name', 'string', { nillable: false, nameField: true, label: 'Account Name' }),
            ref('MasterRecordId', ['Account'], 'MasterRecord', { ...ro, label: 'Master Record ID' }),
            f('Type', 'picklist', { picklist: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Channel Partner / Reseller', 'Installation Partner', 'Technology Partner', 'Other'] }),
            ref('ParentId', ['Account'], 'Parent'),
            ...ADDRESS('Billing'),
            ...ADDRESS('Shipping'),
            f('Phone', 'phone', { length: 40 }),
            f('Fax', 'phone', { length: 40 }),
            f('AccountNumber', 'string', { length: 40 }),
            f('Website', 'url'),
            f('Industry', 'picklist', { picklist: INDUSTRIES }),
            f('AnnualRevenue', 'currency'),
            f('NumberOfEmployees', 'int', { digits: 8 }),
            f('Rating', 'picklist', { picklist: ['Hot', 'Warm', 'Cold'] }),
            f('Description', 'textarea', { length: 32000 }),
            f('LastActivityDate', 'date', ro),
            formula('Is_Enterprise__c', 'boolean', 'NumberOfEmployees > 1000', (r) => (num(r['NumberOfEmployees']) ?? 0) > 1000, {
                label: 'Enterprise',
                inlineHelpText: 'Checked when the account has more than 1,000 employees.'
            })
        ]
    },
    {
        name: 'Contact', label: 'Contact', labelPlural: 'Contacts', keyPrefix: '003',
        fields: [
            ...systemFields(),
            ref('AccountId', ['Account'], 'Account'),
            ref('MasterRecordId', ['Contact'], 'MasterRecord', { ...ro, label: 'Master Record ID' }),
            ...personName(),
            ...ADDRESS('Mailing'),
            f('Phone', 'phone', { length: 40 }),
            f('MobilePhone', 'phone', { length: 40 }),
            f('Email', 'email', { length: 80, idLookup: true }),
            f('Title', 'string', { length: 128 }),
            f('Department', 'string', { length: 80 }),
            f('LeadSource', 'picklist', { picklist: ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'] }),
            f('Birthdate', 'date'),
            f('Description', 'textarea', { length: 32000 }),
            f('HasOptedOutOfEmail', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Email Opt Out' }),
            formula('Email_Domain__c', 'string', 'SUBSTITUTE(Email, LEFT(Email, FIND("@", Email)), NULL)', (r) => {
                const email = r['Email'];
                return typeof email === 'string' && email.includes('@') ? email.slice(email.indexOf('@') + 1) : null;
            }, { label: 'Email Domain' })
        ]
    },
    {
        name: 'Lead', label: 'Lead', labelPlural: 'Leads', keyPrefix: '00Q',
        fields: [
            ...systemFields(),
            ref('MasterRecordId', ['Lead'], 'MasterRecord', { ...ro, label: 'Master Record ID' }),
            ...personName(),
            f('Title', 'string', { length: 128 }),
            f('Company', 'string', { nillable: false }),
            ...ADDRESS(''),
            f('Phone', 'phone', { length: 40 }),
            f('Email', 'email', { length: 80, idLookup: true }),
            f('Website', 'url'),
            f('LeadSource', 'picklist', { picklist: ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'] }),
            f('Status', 'picklist', { nillable: false, picklist: leadStatuses.map((l) => l.name), defaultPick: defaultLeadStatus }),
            f('Industry', 'picklist', { picklist: INDUSTRIES }),
            f('Rating', 'picklist', { picklist: ['Hot', 'Warm', 'Cold'] }),
            f('AnnualRevenue', 'currency'),
            f('NumberOfEmployees', 'int', { digits: 8 }),
            f('IsConverted', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Converted' }),
            f('ConvertedDate', 'date', ro),
            ref('ConvertedAccountId', ['Account'], 'ConvertedAccount', ro),
            ref('ConvertedContactId', ['Contact'], 'ConvertedContact', ro),
            ref('ConvertedOpportunityId', ['Opportunity'], 'ConvertedOpportunity', ro),
            f('Description', 'textarea', { length: 32000 }),
            formula('Is_Hot__c', 'boolean', 'ISPICKVAL(Rating, "Hot")', (r) => r['Rating'] === 'Hot', { label: 'Hot Lead' })
        ]
    },
    {
        name: 'Opportunity', label: 'Opportunity', labelPlural: 'Opportunities', keyPrefix: '006',
        fields: [
            ...systemFields(),
            ref('AccountId', ['Account'], 'Account'),
            f('Name', 'string', { nillable: false, nameField: true, length: 120 }),
            f('Description', 'textarea', { length: 32000 }),
            f('StageName', 'picklist', { nillable: false, picklist: stages.map((st) => st.name), label: 'Stage' }),
            f('Amount', 'currency'),
            f('Probability', 'percent', { precision: 3, scale: 0, defaultedOnCreate: true }),
            f('CloseDate', 'date', { nillable: false }),
            f('Type', 'picklist', { picklist: ['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade', 'New Customer'] }),
            f('NextStep', 'string'),
            f('LeadSource', 'picklist', { picklist: ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'] }),
            f('IsClosed', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, calculated: false, label: 'Closed' }),
            f('IsWon', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, label: 'Won' }),
            f('ForecastCategoryName', 'picklist', { picklist: ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'], defaultedOnCreate: true, label: 'Forecast Category' }),
            // In formulas a percent field is a fraction (50% is 0.5); the store keeps Probability as 50.
            formula('Expected_Revenue_Formula__c', 'currency', 'Amount * Probability', (r) => {
                const amount = num(r['Amount']);
                const probability = num(r['Probability']);
                return amount === null || probability === null ? null : Math.round(amount * probability) / 100;
            }, { label: 'Expected Revenue (Formula)', groupable: false })
        ]
    },
    // Campaigns (issue 16; Object Reference: Campaign, CampaignMember, CampaignMemberStatus). The member counts and
    // opportunity totals are read-only, kept by the org (see campaigns.ts); CampaignMember's name, email, company…
    // come from its lead or contact. No CampaignMemberRecordTypeId, no Accounts as Campaign Members.
    {
        name: 'Campaign', label: 'Campaign', labelPlural: 'Campaigns', keyPrefix: '701',
        fields: [
            ...systemFields(),
            f('Name', 'string', { nillable: false, nameField: true, length: 80, label: 'Campaign Name' }),
            ref('ParentId', ['Campaign'], 'Parent', { label: 'Parent Campaign ID' }),
            f('Type', 'picklist', { picklist: CAMPAIGN_TYPES }),
            f('Status', 'picklist', { picklist: CAMPAIGN_STATUSES, defaultPick: 'Planned' }),
            f('StartDate', 'date'),
            f('EndDate', 'date'),
            f('IsActive', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Active' }),
            f('Description', 'textarea', { length: 32000 }),
            f('BudgetedCost', 'currency', { scale: 0, label: 'Budgeted Cost in Campaign' }),
            f('ExpectedRevenue', 'currency', { scale: 0, label: 'Expected Revenue in Campaign' }),
            f('ActualCost', 'currency', { scale: 0, label: 'Actual Cost in Campaign' }),
            f('ExpectedResponse', 'percent', { precision: 10, scale: 2, label: 'Expected Response (%)' }),
            f('NumberSent', 'double', { scale: 0, label: 'Num Sent in Campaign' }),
            ...CAMPAIGN_COUNT_FIELDS.map(([name, label]) => f(name, 'int', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: 0, label })),
            f('AmountAllOpportunities', 'currency', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: 0, scale: 0, label: 'Value Opportunities in Campaign' }),
            f('AmountWonOpportunities', 'currency', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: 0, scale: 0, label: 'Value Won Opportunities in Campaign' }),
            f('LastActivityDate', 'date', ro)
        ]
    },
    {
        // CampaignMemberStatus: the member statuses of one campaign (Label is what CampaignMember.Status holds); a new
        // campaign gets "Sent" (default) and "Responded" (HasResponded).
        name: 'CampaignMemberStatus', label: 'Campaign Member Status', labelPlural: 'Campaign Member Statuses', keyPrefix: '01Y', searchable: false, layoutable: false,
        fields: [
            ...systemFields({ owner: false }),
            ref('CampaignId', ['Campaign'], 'Campaign', { nillable: false, updateable: false, label: 'Campaign ID' }),
            f('Label', 'string', { nillable: false, nameField: true, length: 765, label: 'Member Status' }),
            f('SortOrder', 'int', { label: 'Sort Order' }),
            f('IsDefault', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Is Default' }),
            f('HasResponded', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Responded' })
        ]
    },
    {
        // CampaignMember: create(), delete(), getDeleted(), getUpdated(), query(), retrieve(), update() — not search().
        name: 'CampaignMember', label: 'Campaign Member', labelPlural: 'Campaign Members', keyPrefix: '00v', searchable: false,
        fields: [
            ...systemFields({ owner: false }),
            ref('CampaignId', ['Campaign'], 'Campaign', { nillable: false, updateable: false, label: 'Campaign ID' }),
            ref('LeadId', ['Lead'], 'Lead', { updateable: false, label: 'Lead ID' }),
            ref('ContactId', ['Contact'], 'Contact', { updateable: false, label: 'Contact ID' }),
            f('Status', 'picklist', { length: 40 }),
            f('HasResponded', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Responded' }),
            f('FirstRespondedDate', 'date', { ...ro, label: 'First Responded Date' }),
            f('Type', 'string', { ...ro, length: 40 }),
            ref('LeadOrContactId', ['Contact', 'Lead'], 'LeadOrContact', { ...ro, label: 'Lead/Contact ID' }),
            ref('LeadOrContactOwnerId', ['Group', 'User'], 'LeadOrContactOwner', { ...ro, label: 'Lead/Contact Owner ID' }),
            f('FirstName', 'string', { ...ro, length: 40, label: 'First Name' }),
            f('LastName', 'string', { ...ro, length: 80, label: 'Last Name' }),
            f('Name', 'string', { ...ro, nameField: true, length: 121 }),
            f('Title', 'string', { ...ro, length: 128 }),
            f('Email', 'email', { ...ro, length: 80 }),
            f('Phone', 'phone', { ...ro, length: 40 }),
            f('CompanyOrAccount', 'string', { ...ro, length: 255, label: 'Company (Account)' }),
            f('City', 'string', { ...ro, length: 40 }),
            f('Country', 'string', { ...ro, length: 80 }),
            f('HasOptedOutOfEmail', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Email Opt Out' })
        ]
    },
    {
        name: 'Case', label: 'Case', labelPlural: 'Cases', keyPrefix: '500', autoNumberFormat: { prefix: '', width: 8 },
        fields: [
            ...systemFields(),
            f('CaseNumber', 'string', { ...ro, autoNumber: true, defaultedOnCreate: true, nillable: false, nameField: true, idLookup: true, length: 30, label: 'Case Number' }),
            ref('ContactId', ['Contact'], 'Contact'),
            ref('AccountId', ['Account'], 'Account'),
            ref('ParentId', ['Case'], 'Parent'),
            f('SuppliedName', 'string', { length: 80, label: 'Web Name' }),
            f('SuppliedEmail', 'email', { length: 80, label: 'Web Email' }),
            f('Type', 'picklist', { picklist: ['Mechanical', 'Electrical', 'Electronic', 'Structural', 'Other'] }),
            f('Status', 'picklist', { picklist: CASE_STATUSES, defaultPick: 'New' }),
            f('Reason', 'picklist', { picklist: ['Installation', 'Equipment Complexity', 'Performance', 'Breakdown', 'Equipment Design', 'Feedback', 'Other'] }),
            f('Origin', 'picklist', { picklist: ['Phone', 'Email', 'Web'] }),
            f('Subject', 'string'),
            f('Priority', 'picklist', { picklist: ['High', 'Medium', 'Low'], defaultPick: 'Medium' }),
            f('Description', 'textarea', { length: 32000 }),
            f('IsClosed', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, label: 'Closed' }),
            f('ClosedDate', 'datetime', ro),
            f('IsEscalated', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Escalated' }),
            formula('Is_Open_High_Priority__c', 'boolean', 'AND(ISPICKVAL(Priority, "High"), NOT(IsClosed))', (r) => r['Priority'] === 'High' && r['IsClosed'] !== true, {
                label: 'Open High Priority'
            })
        ]
    },
    {
        name: 'Task', label: 'Task', labelPlural: 'Tasks', keyPrefix: '00T',
        fields: [
            ...systemFields(),
            ref('WhoId', ['Contact', 'Lead'], 'Who', { label: 'Name ID' }),
            ref('WhatId', ['Account', 'Opportunity', 'Case', 'Invoice__c'], 'What', { label: 'Related To ID' }),
            f('Subject', 'string'),
            f('ActivityDate', 'date', { label: 'Due Date Only' }),
            f('Status', 'picklist', { nillable: false, picklist: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'], defaultPick: 'Not Started' }),
            f('Priority', 'picklist', { nillable: false, picklist: ['High', 'Normal', 'Low'], defaultPick: 'Normal' }),
            f('IsClosed', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, label: 'Closed' }),
            // Object Reference, Task: IsArchived — boolean, Defaulted on create, Filter, Group, Sort; read-only
            // ("Indicates whether the task has been archived"). Archived rows only come back through queryAll.
            f('IsArchived', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Archived' }),
            f('Description', 'textarea', { length: 32000, label: 'Comments' }),
            f('TaskSubtype', 'picklist', { picklist: ['Task', 'Email', 'Call'], createable: true, updateable: false })
        ]
    },
    {
        name: 'Invoice__c', label: 'Invoice', labelPlural: 'Invoices', keyPrefix: 'a0I', autoNumberFormat: { prefix: 'INV-', width: 6 },
        fields: [
            ...systemFields(),
            f('Name', 'string', { ...ro, autoNumber: true, defaultedOnCreate: true, nillable: false, nameField: true, length: 80, label: 'Invoice Number' }),
            f('Amount__c', 'currency', { precision: 16, scale: 2 }),
            f('Status__c', 'picklist', { picklist: INVOICE_STATUSES, defaultPick: 'Draft', restrictedPicklist: true }),
            f('Due_Date__c', 'date'),
            ref('Account__c', ['Account'], 'Account__r'),
            f('External_Id__c', 'string', { length: 64, externalId: true, idLookup: true, unique: true }),
            f('Paid__c', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false }),
            f('Description__c', 'textarea', { length: 32768 }),
            formula('Amount_With_Tax__c', 'currency', 'Amount__c * 1.2', (r) => {
                const amount = num(r['Amount__c']);
                return amount === null ? null : Math.round(amount * 120) / 100;
            }, { precision: 18, scale: 2, label: 'Amount With Tax', groupable: false })
        ]
    },
    {
        name: 'CaseComment', label: 'Case Comment', labelPlural: 'Case Comments', keyPrefix: '00a',
        fields: [
            ...systemFields({ owner: false }),
            ref('ParentId', ['Case'], 'Parent', { nillable: false, updateable: false, label: 'Parent Case ID' }),
            f('CommentBody', 'textarea', { length: 4000, label: 'Body' }),
            f('IsPublished', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Published' }),
            f('IsNotificationSelected', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Notification Selected' })
        ]
    },
    {
        name: 'EmailMessage', label: 'Email Message', labelPlural: 'Email Messages', keyPrefix: '02s',
        fields: [
            ...systemFields({ owner: false }),
            ref('ParentId', ['Case'], 'Parent', { label: 'Case ID' }),
            ref('RelatedToId', ['Account', 'Opportunity', 'Case'], 'RelatedTo', { label: 'Related To ID' }),
            ref('ActivityId', ['Task'], 'Activity', { label: 'Activity ID' }),
            f('Subject', 'string', { length: 3000 }),
            f('TextBody', 'textarea', { length: 131072, label: 'Text Body' }),
            f('HtmlBody', 'textarea', { length: 131072, label: 'HTML Body' }),
            f('Headers', 'textarea', { length: 32000 }),
            f('FromAddress', 'email', { length: 1000, label: 'From Address' }),
            f('FromName', 'string', { length: 1000, label: 'From Name' }),
            f('ToAddress', 'string', { length: 4000, label: 'To Address' }),
            f('CcAddress', 'string', { length: 4000, label: 'CC Address' }),
            f('BccAddress', 'string', { length: 4000, label: 'BCC Address' }),
            f('Incoming', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Is Incoming' }),
            f('HasAttachment', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: false }),
            f('MessageDate', 'datetime', { label: 'Message Date' }),
            f('Status', 'picklist', { nillable: false, picklist: ['0', '1', '2', '3', '4', '5'], defaultPick: '0' }),
            f('MessageIdentifier', 'string', { length: 255 }),
            f('ThreadIdentifier', 'string', { length: 255 }),
            ref('ReplyToEmailMessageId', ['EmailMessage'], 'ReplyToEmailMessage'),
            f('IsExternallyVisible', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Is Externally Visible' })
        ]
    },
    {
        // Attachment (Object Reference): create(), delete(), describeSObjects(), getDeleted(), getUpdated(), query(),
        // retrieve(), update(), upsert() — not search(). Body is base64 (not filterable, sortable or groupable), up to
        // 25 MB; BodyLength is computed from it; ParentId is polymorphic. The emulator seeds none.
        name: 'Attachment', label: 'Attachment', labelPlural: 'Attachments', keyPrefix: '00P', searchable: false, layoutable: false,
        fields: [
            ...systemFields(),
            ref('ParentId', ['Account', 'Contact', 'Opportunity', 'Case', 'Lead', 'Task', 'Invoice__c'], 'Parent', { nillable: false, updateable: false, label: 'Parent ID' }),
            f('Name', 'string', { nillable: false, nameField: true, length: 255, label: 'File Name' }),
            f('IsPrivate', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Private' }),
            f('ContentType', 'string', { length: 120, label: 'Content Type' }),
            f('BodyLength', 'int', { ...ro, label: 'Body Length' }),
            f('Body', 'base64', { nillable: false, length: 36_700_160, filterable: false, sortable: false, groupable: false }),
            f('Description', 'textarea', { length: 500 })
        ]
    },
    {
        name: 'LeadStatus', label: 'Lead Status Value', labelPlural: 'Lead Status Values', keyPrefix: '01J', createable: false, updateable: false, deletable: false,
        fields: [
            ...systemFields({ owner: false }),
            f('MasterLabel', 'string', { ...ro, nillable: false, nameField: true, length: 255, label: 'Master Label' }),
            f('ApiName', 'string', { ...ro, nillable: false, length: 255, label: 'Api Name' }),
            f('SortOrder', 'int', { ...ro, label: 'Sort Order' }),
            f('IsDefault', 'boolean', { ...ro, nillable: false, label: 'Is Default' }),
            f('IsConverted', 'boolean', { ...ro, nillable: false, label: 'Is Converted' })
        ]
    },
    {
        name: 'OpportunityStage', label: 'Opportunity Stage', labelPlural: 'Opportunity Stages', keyPrefix: '01R', createable: false, updateable: false, deletable: false,
        fields: [
            ...systemFields({ owner: false }),
            f('MasterLabel', 'string', { ...ro, nillable: false, nameField: true, length: 255, label: 'Master Label' }),
            f('ApiName', 'string', { ...ro, nillable: false, length: 255, label: 'Api Name' }),
            f('IsActive', 'boolean', { ...ro, nillable: false, label: 'Is Active' }),
            f('SortOrder', 'int', { ...ro, label: 'Sort Order' }),
            f('IsClosed', 'boolean', { ...ro, nillable: false, label: 'Closed' }),
            f('IsWon', 'boolean', { ...ro, nillable: false, label: 'Won' }),
            f('ForecastCategory', 'picklist', { ...ro, picklist: ['Omitted', 'Pipeline', 'BestCase', 'Forecast', 'Closed'], label: 'Forecast Type' }),
            f('ForecastCategoryName', 'picklist', { ...ro, picklist: ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'], label: 'Forecast Category' }),
            f('DefaultProbability', 'percent', { ...ro, precision: 3, scale: 0, label: 'Probability (%)' }),
            f('Description', 'string', ro)
        ]
    },
    ...salesObjects(),
    ...contentObjects()
    ];
    if (knowledge) {
        const kav = (concrete: boolean): FieldDef[] => {
            const w: FieldOpts = concrete ? {} : ro;
            return [
                ...systemFields({ owner: false }),
                f('KnowledgeArticleId', 'reference', { ...ro, referenceTo: ['KnowledgeArticle'], nillable: false, defaultedOnCreate: true, label: 'Knowledge Article ID' }),
                f('ArticleNumber', 'string', { ...ro, autoNumber: true, nillable: false, defaultedOnCreate: true, length: 30, label: 'Article Number' }),
                f('Title', 'string', { ...w, nillable: false, nameField: true, length: 255 }),
                f('Summary', 'textarea', { ...w, length: 1000 }),
                f('UrlName', 'string', { ...w, nillable: false, length: 255, label: 'URL Name' }),
                f('PublishStatus', 'picklist', { ...ro, nillable: false, defaultedOnCreate: true, picklist: ['Online', 'Draft', 'Archived'], defaultValue: 'Draft', label: 'Publication Status' }),
                f('Language', 'picklist', { ...w, nillable: false, defaultedOnCreate: true, picklist: ['en_US', 'fr', 'de', 'es', 'ja'], defaultValue: 'en_US' }),
                f('IsLatestVersion', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: true, label: 'Is Latest Version' }),
                f('IsMasterLanguage', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: true, label: 'Is Master Language' }),
                f('IsVisibleInApp', 'boolean', { ...w, nillable: false, defaultedOnCreate: true, defaultValue: true, label: 'Visible In Internal App' }),
                f('IsVisibleInPkb', 'boolean', { ...w, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Visible In Public Knowledge Base' }),
                f('IsVisibleInCsp', 'boolean', { ...w, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Visible to Customer' }),
                f('IsVisibleInPrm', 'boolean', { ...w, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Visible to Partner' }),
                f('VersionNumber', 'int', { ...ro, nillable: false, defaultedOnCreate: true, label: 'Version Number' }),
                f('FirstPublishedDate', 'datetime', { ...ro, label: 'First Published Date' }),
                f('LastPublishedDate', 'datetime', { ...ro, label: 'Last Published Date' }),
                f('ArchivedDate', 'datetime', { ...ro, label: 'Archived Date' }),
                ...(concrete ? [f('Answer__c', 'textarea', { length: 131072, label: 'Answer', htmlFormatted: true, extraTypeInfo: 'richtextarea' }), f('Question__c', 'textarea', { length: 32768, label: 'Question' })] : [])
            ];
        };
        all.push(
            { name: 'Knowledge__kav', label: 'Knowledge', labelPlural: 'Knowledge', keyPrefix: 'ka0', fields: kav(true) },
            { name: 'KnowledgeArticleVersion', label: 'Knowledge Article Version', labelPlural: 'Knowledge Article Versions', keyPrefix: 'ka0', createable: false, updateable: false, deletable: false, sharesTableWith: 'Knowledge__kav', fields: kav(false) }
        );
    }
    return all;
}

// ---------------------------------------------------------------------------------------------- calendar and products
//
// Event, Product2, Pricebook2, PricebookEntry and OpportunityLineItem (Object Reference pages of each, "Fields" and
// "Supported Calls"). What the emulator keeps of them:
// - Event: an activity like Task (WhoId: Contact or Lead, WhatId: Account, Opportunity, Case…, AccountId derived and
//   read-only, IsArchived: archived events come back through queryAll only). StartDateTime/EndDateTime carry a timed
//   event; ActivityDateTime mirrors StartDateTime, ActivityDate its UTC date, DurationInMinutes the span. An all-day
//   event (IsAllDayEvent) has ActivityDate and DurationInMinutes (a multiple of 1,440) and StartDateTime at midnight
//   UTC of ActivityDate. Recurrence: IsRecurrence on the series' master event, RecurrenceActivityId on each occurrence
//   (the emulator does not expand series; seeded occurrences are separate rows). ShowAs: Busy, OutOfOffice, Free.
// - Product2 (prefix 01t), Pricebook2 (01s, one IsStandard row: "Standard Price Book"), PricebookEntry (01u: one
//   price of a product in a price book, UnitPrice, IsActive, Name and ProductCode copied from the product).
// - OpportunityLineItem (00k): no OwnerId (it belongs to the opportunity), IsDeleted yes (getDeleted() supported), so
//   deleted line items come back through queryAll. Name is "<opportunity name> <product name>"; Product2Id,
//   ProductCode and ListPrice come from the price book entry; Subtotal = Quantity × UnitPrice and TotalPrice =
//   Subtotal less Discount (%), recomputed on every write. Simplification: TotalPrice can't be written instead of
//   UnitPrice, and Opportunity has no Pricebook2Id.
function salesObjects(): RawObject[] {
    return [
        {
            name: 'Event', label: 'Event', labelPlural: 'Events', keyPrefix: '00U',
            fields: [
                ...systemFields(),
                ref('WhoId', ['Contact', 'Lead'], 'Who', { label: 'Name ID' }),
                ref('WhatId', ['Account', 'Opportunity', 'Case', 'Invoice__c'], 'What', { label: 'Related To ID' }),
                ref('AccountId', ['Account'], 'Account', { ...ro, label: 'Account ID' }),
                f('Subject', 'string'),
                f('Location', 'string'),
                f('IsAllDayEvent', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'All-Day Event' }),
                f('ActivityDateTime', 'datetime', { label: 'Due Date Time' }),
                f('ActivityDate', 'date', { label: 'Due Date Only' }),
                f('StartDateTime', 'datetime', { label: 'Start Date Time' }),
                f('EndDateTime', 'datetime', { label: 'End Date Time' }),
                f('EndDate', 'date', { ...ro, label: 'End Date' }),
                f('DurationInMinutes', 'int', { digits: 8, label: 'Duration' }),
                f('ShowAs', 'picklist', { restrictedPicklist: true, length: 40, picklist: ['Busy', 'OutOfOffice', 'Free'], defaultPick: 'Busy', label: 'Show Time As' }),
                f('IsPrivate', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Private' }),
                f('Type', 'picklist', { picklist: ['Call', 'Email', 'Meeting', 'Other'] }),
                f('EventSubtype', 'picklist', { picklist: ['Event'], createable: true, updateable: false, label: 'Event Subtype' }),
                f('IsChild', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Is Child' }),
                f('IsGroupEvent', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Is Group Event' }),
                f('IsArchived', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Archived' }),
                f('IsRecurrence', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, updateable: false, label: 'Create Recurring Series of Events' }),
                ref('RecurrenceActivityId', ['Event'], 'RecurrenceActivity', { ...ro, label: 'Recurrence Activity ID' }),
                f('RecurrenceType', 'picklist', { restrictedPicklist: true, picklist: ['RecursDaily', 'RecursEveryWeekday', 'RecursMonthly', 'RecursMonthlyNth', 'RecursWeekly', 'RecursYearly', 'RecursYearlyNth'], label: 'Recurrence Pattern' }),
                f('RecurrenceInterval', 'int', { label: 'Recurrence Interval' }),
                f('RecurrenceStartDateTime', 'datetime', { label: 'Recurrence Begins' }),
                f('RecurrenceEndDateOnly', 'date', { label: 'Recurrence Ends' }),
                f('Description', 'textarea', { length: 32000 })
            ]
        },
        {
            name: 'Product2', label: 'Product', labelPlural: 'Products', keyPrefix: '01t',
            fields: [
                ...systemFields({ owner: false }),
                f('Name', 'string', { nillable: false, nameField: true, length: 255, label: 'Product Name' }),
                f('ProductCode', 'string', { length: 255, label: 'Product Code' }),
                f('Description', 'textarea', { length: 4000, label: 'Product Description' }),
                f('Family', 'picklist', { picklist: ['Hardware', 'Software', 'Services'], label: 'Product Family' }),
                f('IsActive', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Active' }),
                f('QuantityUnitOfMeasure', 'picklist', { picklist: ['Each', 'Hours', 'Licenses'], label: 'Quantity Unit Of Measure' })
            ]
        },
        {
            name: 'Pricebook2', label: 'Price Book', labelPlural: 'Price Books', keyPrefix: '01s',
            fields: [
                ...systemFields({ owner: false }),
                f('Name', 'string', { nillable: false, nameField: true, length: 255, label: 'Price Book Name' }),
                f('Description', 'string', { length: 255 }),
                f('IsActive', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Active' }),
                f('IsStandard', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Is Standard Price Book' })
            ]
        },
        {
            name: 'PricebookEntry', label: 'Price Book Entry', labelPlural: 'Price Book Entries', keyPrefix: '01u', searchable: false,
            fields: [
                ...systemFields({ owner: false }),
                f('Name', 'string', { ...ro, nameField: true, length: 255, label: 'Product Name' }),
                ref('Pricebook2Id', ['Pricebook2'], 'Pricebook2', { nillable: false, updateable: false, label: 'Price Book ID' }),
                ref('Product2Id', ['Product2'], 'Product2', { nillable: false, updateable: false, label: 'Product ID' }),
                f('UnitPrice', 'currency', { nillable: false, label: 'List Price' }),
                f('IsActive', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Active' }),
                f('UseStandardPrice', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Use Standard Price' }),
                f('ProductCode', 'string', { ...ro, length: 255, label: 'Product Code' })
            ]
        },
        {
            name: 'OpportunityLineItem', label: 'Opportunity Product', labelPlural: 'Opportunity Product', keyPrefix: '00k', searchable: false,
            fields: [
                ...systemFields({ owner: false }),
                ref('OpportunityId', ['Opportunity'], 'Opportunity', { nillable: false, updateable: false, label: 'Opportunity ID' }),
                ref('PricebookEntryId', ['PricebookEntry'], 'PricebookEntry', { nillable: false, updateable: false, label: 'Price Book Entry ID' }),
                ref('Product2Id', ['Product2'], 'Product2', { ...ro, label: 'Product ID' }),
                f('Name', 'string', { ...ro, nameField: true, length: 376, label: 'Opportunity Product Name' }),
                f('ProductCode', 'string', { ...ro, length: 255, label: 'Product Code' }),
                f('Quantity', 'double', { nillable: false, precision: 12, scale: 2 }),
                f('UnitPrice', 'currency', { label: 'Sales Price' }),
                f('ListPrice', 'currency', { ...ro, label: 'List Price' }),
                f('Subtotal', 'currency', { ...ro }),
                f('TotalPrice', 'currency', { ...ro, label: 'Total Price' }),
                f('Discount', 'percent', { precision: 5, scale: 2 }),
                f('ServiceDate', 'date', { label: 'Date' }),
                f('Description', 'string', { length: 255, label: 'Line Description' }),
                f('SortOrder', 'int', { ...ro, label: 'Sort Order' })
            ]
        }
    ];
}

// ---------------------------------------------------------------------------------------------- Salesforce Files

/** Records a file can be linked to here (ContentDocumentLink.LinkedEntityId, ContentVersion.FirstPublishLocationId). */
export const FILE_LINKABLE: readonly string[] = ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Task', 'Invoice__c', 'User'];

/**
 * Salesforce Files (Object Reference: ContentVersion, ContentDocument, ContentDocumentLink; their behaviour is in
 * routes/files.ts). A file is a ContentDocument (069) with one or more ContentVersions (068); inserting a version
 * without ContentDocumentId creates the document. A ContentDocumentLink (06A) shares a document with a record or user.
 * Simplified: no libraries (ContentWorkspace), no external files (ContentLocation E/L), no ContentBody.
 */
function contentObjects(): RawObject[] {
    const linkable = [...FILE_LINKABLE];
    return [
        {
            // ContentVersion: create(), describeSObjects(), query(), retrieve(), update(), upsert(); no delete (delete its document)
            name: 'ContentVersion', label: 'Content Version', labelPlural: 'Content Versions', keyPrefix: '068', deletable: false,
            fields: [
                ...systemFields(),
                ref('ContentDocumentId', ['ContentDocument'], 'ContentDocument', { updateable: false, label: 'Content Document ID' }),
                f('Title', 'string', { nillable: false, nameField: true, length: 255 }),
                f('PathOnClient', 'string', { updateable: false, length: 500, label: 'Path On Client' }),
                f('Description', 'textarea', { length: 1000 }),
                // the blob: at most 50 MB of base64 text in a JSON body (37.5 MB of file), "Insert or Update Blob Data"
                f('VersionData', 'base64', { updateable: false, length: 52_428_800, filterable: false, sortable: false, groupable: false, label: 'Version Data' }),
                f('VersionDataUrl', 'url', { ...ro, length: 1000, label: 'Version Data URL' }),
                f('ContentSize', 'int', { ...ro, label: 'Size' }),
                f('FileExtension', 'string', { ...ro, length: 40, label: 'File Extension' }),
                f('FileType', 'string', { ...ro, length: 20, label: 'File Type' }),
                f('Checksum', 'string', { ...ro, length: 50 }),
                f('VersionNumber', 'string', { ...ro, length: 20, label: 'Version Number' }),
                f('IsLatest', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Is Latest' }),
                f('ReasonForChange', 'string', { length: 1000, label: 'Reason For Change' }),
                ref('FirstPublishLocationId', linkable, 'FirstPublishLocation', { updateable: false, label: 'First Publish Location ID' }),
                f('ContentLocation', 'picklist', { updateable: false, picklist: ['S', 'E', 'L'], defaultPick: 'S', restrictedPicklist: true, label: 'Content Location' }),
                f('SharingOption', 'picklist', { picklist: ['A', 'R'], defaultPick: 'A', restrictedPicklist: true, label: 'Sharing Option' }),
                f('SharingPrivacy', 'picklist', { picklist: ['N', 'P'], defaultPick: 'N', restrictedPicklist: true, label: 'Sharing Privacy' }),
                f('ContentModifiedDate', 'datetime', { ...ro, label: 'Content Modified Date' })
            ]
        },
        {
            // ContentDocument: delete(), describeSObjects(), query(), retrieve(), update(); created through a ContentVersion
            name: 'ContentDocument', label: 'Content Document', labelPlural: 'Content Documents', keyPrefix: '069', createable: false,
            fields: [
                ...systemFields(),
                f('Title', 'string', { nillable: false, nameField: true, length: 255 }),
                f('Description', 'textarea', { length: 1000 }),
                ref('LatestPublishedVersionId', ['ContentVersion'], 'LatestPublishedVersion', { ...ro, label: 'Latest Published Version ID' }),
                f('ContentSize', 'int', { ...ro, label: 'Size' }),
                f('FileExtension', 'string', { ...ro, length: 40, label: 'File Extension' }),
                f('FileType', 'string', { ...ro, length: 20, label: 'File Type' }),
                f('SharingOption', 'picklist', { picklist: ['A', 'R'], defaultPick: 'A', restrictedPicklist: true, label: 'Sharing Option' }),
                f('SharingPrivacy', 'picklist', { picklist: ['N', 'P'], defaultPick: 'N', restrictedPicklist: true, label: 'Sharing Privacy' }),
                f('ContentModifiedDate', 'datetime', { ...ro, label: 'Content Modified Date' })
            ]
        },
        {
            // ContentDocumentLink: create(), delete(), describeSObjects(), query(), retrieve(), update(), upsert(); a query
            // needs a filter on Id, ContentDocumentId or LinkedEntityId (routes/files.ts)
            name: 'ContentDocumentLink', label: 'Content Document Link', labelPlural: 'Content Document Links', keyPrefix: '06A', replicateable: false, searchable: false, layoutable: false,
            fields: [
                ...systemFields({ owner: false }).filter((fd) => ['Id', 'IsDeleted', 'SystemModstamp'].includes(fd.name)),
                ref('ContentDocumentId', ['ContentDocument'], 'ContentDocument', { nillable: false, updateable: false, label: 'Content Document ID' }),
                ref('LinkedEntityId', linkable, 'LinkedEntity', { nillable: false, updateable: false, label: 'Linked Entity ID' }),
                f('ShareType', 'picklist', { picklist: ['V', 'C', 'I'], restrictedPicklist: true, length: 40, label: 'Share Type' }),
                f('Visibility', 'picklist', { picklist: ['AllUsers', 'InternalUsers', 'SharedUsers'], defaultPick: 'AllUsers', restrictedPicklist: true, length: 40 })
            ]
        }
    ];
}

// ---------------------------------------------------------------------------------------------- a production org
//
// What makes the default org answer like a production org rather than a tidy demo org (issue 11): objects without
// IsDeleted, record types, queues that own records (polymorphic OwnerId), field history, a change-event object that
// can't be queried, capabilities per object, and optional multi-currency. Applied by withProductionTraits() to the
// list rawObjects() builds, so the object definitions above stay as they are.

/** Lead.RecordTypeId, only in an org with lead record types (org/lead-processes.ts), as Salesforce adds it. */
function withLeadRecordTypes(objects: RawObject[], processes: readonly LeadProcessDef[]): RawObject[] {
    if (processes.length === 0) return objects;
    return objects.map((o) => (o.name === 'Lead' ? { ...o, fields: [...o.fields, ref('RecordTypeId', ['RecordType'], 'RecordType', { label: 'Record Type ID' })] } : o));
}

/** Objects with no IsDeleted field (Object Reference field lists of User, Profile, UserRole; RecordType, Group too). */
const NO_IS_DELETED = new Set(['User', 'Profile', 'UserRole']);

/**
 * Objects a queue can own: a queue's "Supported Objects" offers Lead, Case and custom objects (not Account, Contact or
 * Opportunity, which need a user owner). Their OwnerId refers to Group and User (describe: referenceTo [Group, User],
 * polymorphicForeignKey and namePointing true), so `Owner` reads the Name object.
 */
export const QUEUE_OWNABLE: readonly string[] = ['Lead', 'Case', 'Invoice__c'];

/** Objects that get CurrencyIsoCode in a multi-currency org (those with currency fields, activities, users). */
export const CURRENCY_OBJECTS: readonly string[] = ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Task', 'Invoice__c', 'User', 'Campaign', 'CampaignMember'];

/** One CurrencyType row. */
export interface CurrencyDef {
    isoCode: string;
    conversionRate: number;
    decimalPlaces: number;
    isCorporate: boolean;
}

/** The currencies of the multi-currency org; USD is the corporate currency (rate 1.0 by definition). */
export const CURRENCIES: readonly CurrencyDef[] = [
    { isoCode: 'USD', conversionRate: 1, decimalPlaces: 2, isCorporate: true },
    { isoCode: 'EUR', conversionRate: 0.92, decimalPlaces: 2, isCorporate: false },
    { isoCode: 'GBP', conversionRate: 0.79, decimalPlaces: 2, isCorporate: false },
    { isoCode: 'JPY', conversionRate: 151.5, decimalPlaces: 0, isCorporate: false }
];

/**
 * Account fields under field history tracking, by the name AccountHistory.Field gives them (the account name is
 * recorded as 'TextName', the owner as 'Owner') → the Account field.
 */
export const ACCOUNT_TRACKED_FIELDS: Readonly<Record<string, string>> = {
    TextName: 'Name',
    Type: 'Type',
    Industry: 'Industry',
    Rating: 'Rating',
    Owner: 'OwnerId',
    AnnualRevenue: 'AnnualRevenue'
};

/** Field history tracking of one object: its history object, the history's parent id field, and the tracked fields (Field value → field). */
export interface HistoryTracking {
    history: string;
    parentField: string;
    fields: Readonly<Record<string, string>>;
}

/**
 * The objects under field history tracking and what each tracks. Standard objects name their history object
 * <Object>History, except Opportunity: OpportunityFieldHistory (OpportunityHistory is the stage-history object, not
 * this one). Every history object has the key prefix 017 in Salesforce; the emulator resolves an 017 id to
 * AccountHistory (the first one defined), so the others are read through queries only.
 */
export const HISTORY_TRACKING: Readonly<Record<string, HistoryTracking>> = {
    Account: { history: 'AccountHistory', parentField: 'AccountId', fields: ACCOUNT_TRACKED_FIELDS },
    Opportunity: { history: 'OpportunityFieldHistory', parentField: 'OpportunityId', fields: { StageName: 'StageName', Amount: 'Amount', CloseDate: 'CloseDate', Probability: 'Probability', Owner: 'OwnerId' } },
    Case: { history: 'CaseHistory', parentField: 'CaseId', fields: { Status: 'Status', Priority: 'Priority', Owner: 'OwnerId' } },
    Contact: { history: 'ContactHistory', parentField: 'ContactId', fields: { Email: 'Email', Title: 'Title', Phone: 'Phone', Owner: 'OwnerId' } },
    Lead: { history: 'LeadHistory', parentField: 'LeadId', fields: { Status: 'Status', Rating: 'Rating', Owner: 'OwnerId' } }
};

/** AccountHistory.DataType values the emulator writes (a subset of the restricted picklist). */
const HISTORY_DATA_TYPES = ['Text', 'DynamicEnum', 'EntityId', 'Currency', 'Double', 'DateOnly', 'DateTime', 'Boolean', 'Email', 'Phone', 'Url', 'Percent', 'MultiEnum', 'MultiLineText'];

/** Capabilities that differ from "everything supported" (Object Reference, "Supported Calls" of each object). */
const CAPABILITIES: Record<string, Partial<Pick<RawObject, 'queryable' | 'replicateable' | 'retrieveable' | 'searchable' | 'triggerable' | 'layoutable'>>> = {
    // LeadStatus, OpportunityStage: describeSObjects(), query(), retrieve() — no getUpdated()/getDeleted().
    LeadStatus: { replicateable: false, searchable: false, triggerable: false, layoutable: false },
    OpportunityStage: { replicateable: false, searchable: false, triggerable: false, layoutable: false },
    Profile: { searchable: false, triggerable: false, layoutable: false },
    UserRole: { searchable: false, triggerable: false, layoutable: false },
    // KnowledgeArticleVersion: describeLayout(), describeSObjects(), query(), retrieve(), search() (Object Reference)
    KnowledgeArticleVersion: { replicateable: false, triggerable: false }
};

/** Audit fields of objects that have no owner and no IsDeleted (RecordType, Group, CurrencyType). */
function auditFields(): FieldDef[] {
    return systemFields({ owner: false }).filter((fd) => fd.name !== 'IsDeleted');
}

function currencyPicklist(name: string, label: string, opts: FieldOpts = {}): FieldDef {
    const corporate = CURRENCIES.find((c) => c.isCorporate)?.isoCode ?? 'USD';
    return f(name, 'picklist', { picklist: CURRENCIES.map((c) => c.isoCode), defaultPick: corporate, restrictedPicklist: true, nillable: false, length: 3, label, ...opts });
}

function productionObjects(multiCurrency: boolean): RawObject[] {
    const ids: FieldOpts = { ...ro, nillable: false, defaultedOnCreate: true, idLookup: true };
    const out: RawObject[] = [
        {
            // ProcessInstance: describeSObjects(), query(), retrieve() — one run of an approval process on a record
            // (routes/approvals.ts writes it; the API cannot create, update or delete it).
            name: 'ProcessInstance', label: 'Process Instance', labelPlural: 'Process Instances', keyPrefix: '04g', createable: false, updateable: false, deletable: false, searchable: false, triggerable: false, layoutable: false,
            fields: [
                ...systemFields({ owner: false }),
                ref('TargetObjectId', ['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Invoice__c'], 'TargetObject', { ...ro, nillable: false, label: 'Target Object ID' }),
                f('Status', 'picklist', { ...ro, nillable: false, picklist: ['Approved', 'Fault', 'Held', 'NoResponse', 'Pending', 'Reassigned', 'Rejected', 'Removed', 'Started'] }),
                f('CompletedDate', 'datetime', { ...ro, label: 'Completed Date' }),
                ref('LastActorId', ['User'], 'LastActor', { ...ro, label: 'Last Actor ID' }),
                ref('SubmittedById', ['User'], 'SubmittedBy', { ...ro, label: 'Submitted By ID' })
            ]
        },
        {
            // ProcessInstanceWorkitem: describeSObjects(), query(), retrieve() — a pending approval request (04i).
            name: 'ProcessInstanceWorkitem', label: 'Approval Request', labelPlural: 'Approval Requests', keyPrefix: '04i', createable: false, updateable: false, deletable: false, searchable: false, triggerable: false, layoutable: false,
            fields: [
                ...systemFields({ owner: false }),
                ref('ProcessInstanceId', ['ProcessInstance'], 'ProcessInstance', { ...ro, nillable: false, label: 'Process Instance ID' }),
                ref('ActorId', ['User', 'Group'], 'Actor', { ...ro, nillable: false, label: 'Actor ID' }),
                ref('OriginalActorId', ['User', 'Group'], 'OriginalActor', { ...ro, nillable: false, label: 'Original Actor ID' })
            ]
        },
        {
            // RecordType: create(), describeSObjects(), query(), retrieve(), update() — no delete, no getUpdated().
            name: 'RecordType', label: 'Record Type', labelPlural: 'Record Types', keyPrefix: '012', deletable: false, replicateable: false, searchable: false, triggerable: false, layoutable: false,
            fields: [
                ...auditFields(),
                f('Name', 'string', { nillable: false, nameField: true, length: 80, label: 'Record Type Label' }),
                f('DeveloperName', 'string', { nillable: false, length: 80, label: 'Record Type Name' }),
                f('NamespacePrefix', 'string', { ...ro, length: 15, label: 'Namespace Prefix' }),
                f('Description', 'string', { length: 255 }),
                ref('BusinessProcessId', ['BusinessProcess'], 'BusinessProcess', { label: 'Business Process ID' }),
                f('SobjectType', 'picklist', { nillable: false, updateable: false, restrictedPicklist: true, length: 40, picklist: ['Account', 'Case', 'Contact', 'Lead', 'Opportunity', 'Invoice__c'], label: 'SObject Type Name' }),
                f('IsActive', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Active' }),
                f('IsPersonType', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Is Person Type' })
            ]
        },
        {
            // Group (queues are Groups of Type 'Queue'): create(), delete(), getDeleted(), getUpdated(), query(), search(), retrieve(), update(), upsert().
            name: 'Group', label: 'Group', labelPlural: 'Groups', keyPrefix: '00G', triggerable: false, layoutable: false,
            fields: [
                ...auditFields(),
                f('Name', 'string', { nillable: false, nameField: true, length: 40 }),
                f('DeveloperName', 'string', { length: 80, label: 'Developer Name' }),
                f('Type', 'picklist', { nillable: false, updateable: false, restrictedPicklist: true, length: 40, picklist: ['Regular', 'Role', 'RoleAndSubordinates', 'Organization', 'Queue', 'Manager', 'ManagerAndSubordinatesInternal'] }),
                f('Email', 'email', { length: 255 }),
                ref('OwnerId', ['User'], 'Owner', { ...ro, label: 'Owner ID' }),
                ref('RelatedId', ['User', 'UserRole'], 'Related', { ...ro, label: 'Related ID' }),
                f('DoesSendEmailToMembers', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Send Email to Members' }),
                f('DoesIncludeBosses', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: true, label: 'Include Bosses' }),
                f('Description', 'textarea', { length: 1332 })
            ]
        },
        {
            // QueueSobject: which objects a queue may own. create(), delete(), getDeleted(), getUpdated(), query(), retrieve().
            name: 'QueueSobject', label: 'Queue Sobject', labelPlural: 'Queue Sobjects', keyPrefix: '03g', updateable: false, searchable: false, triggerable: false, layoutable: false,
            fields: [
                f('Id', 'id', { ...ids, label: 'Queue sObject ID' }),
                ref('QueueId', ['Group'], 'Queue', { nillable: false, updateable: false, label: 'Group ID' }),
                f('SobjectType', 'picklist', { nillable: false, updateable: false, restrictedPicklist: true, length: 40, picklist: [...QUEUE_OWNABLE], label: 'sObject Type' }),
                ref('CreatedById', ['User'], 'CreatedBy', { ...ro, nillable: false, defaultedOnCreate: true }),
                f('SystemModstamp', 'datetime', { ...ro, nillable: false, defaultedOnCreate: true, label: 'System Modstamp' })
            ]
        },
        {
            // AccountHistory: describeSObjects(), getDeleted(), getUpdated(), query(), retrieve(). CreatedDate only:
            // no LastModifiedDate or SystemModstamp, so an incremental read goes by CreatedDate.
            name: 'AccountHistory', label: 'Account History', labelPlural: 'Account History', keyPrefix: '017', createable: false, updateable: false, deletable: false, searchable: false, triggerable: false, layoutable: false, historyOf: 'Account',
            fields: [
                f('Id', 'id', { ...ids, label: 'Account History ID' }),
                f('IsDeleted', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, label: 'Deleted' }),
                ref('AccountId', ['Account'], 'Account', { ...ro, nillable: false, label: 'Account ID' }),
                ref('CreatedById', ['User'], 'CreatedBy', { ...ro, nillable: false, defaultedOnCreate: true }),
                f('CreatedDate', 'datetime', { ...ro, nillable: false, defaultedOnCreate: true }),
                f('Field', 'picklist', { ...ro, nillable: false, restrictedPicklist: true, picklist: ['created', 'accountMerged', 'feedEvent', 'ownerAccepted', 'ownerAssignment', 'locked', 'unlocked', ...Object.keys(ACCOUNT_TRACKED_FIELDS)], label: 'Changed Field' }),
                f('DataType', 'picklist', { ...ro, restrictedPicklist: true, picklist: HISTORY_DATA_TYPES, label: 'Data Type' }),
                // anyType: Nillable, Sort — not filterable, not groupable.
                f('OldValue', 'anyType', { ...ro, filterable: false, groupable: false, label: 'Old Value' }),
                f('NewValue', 'anyType', { ...ro, filterable: false, groupable: false, label: 'New Value' })
            ]
        },
        ...(['Opportunity', 'Case', 'Contact', 'Lead'] as const).map((parent): RawObject => {
            // OpportunityFieldHistory, CaseHistory, ContactHistory, LeadHistory: the same shape as AccountHistory
            // (Object Reference, "History"/"StandardObjectNameHistory": describeSObjects(), getDeleted(),
            // getUpdated(), query(), retrieve(); CreatedDate, no LastModifiedDate or SystemModstamp; IsDeleted).
            const tracking = HISTORY_TRACKING[parent] as HistoryTracking;
            const label = parent === 'Opportunity' ? 'Opportunity Field History' : `${parent} History`;
            return {
                name: tracking.history, label, labelPlural: label, keyPrefix: '017', createable: false, updateable: false, deletable: false, searchable: false, triggerable: false, layoutable: false, historyOf: parent,
                fields: [
                    f('Id', 'id', { ...ids, label: `${label} ID` }),
                    f('IsDeleted', 'boolean', { ...ro, nillable: false, defaultedOnCreate: true, label: 'Deleted' }),
                    ref(tracking.parentField, [parent], parent, { ...ro, nillable: false, label: `${parent} ID` }),
                    ref('CreatedById', ['User'], 'CreatedBy', { ...ro, nillable: false, defaultedOnCreate: true }),
                    f('CreatedDate', 'datetime', { ...ro, nillable: false, defaultedOnCreate: true }),
                    f('Field', 'picklist', { ...ro, nillable: false, restrictedPicklist: true, picklist: ['created', 'feedEvent', 'ownerAccepted', 'ownerAssignment', 'locked', 'unlocked', ...Object.keys(tracking.fields)], label: 'Changed Field' }),
                    f('DataType', 'picklist', { ...ro, restrictedPicklist: true, picklist: HISTORY_DATA_TYPES, label: 'Data Type' }),
                    f('OldValue', 'anyType', { ...ro, filterable: false, groupable: false, label: 'Old Value' }),
                    f('NewValue', 'anyType', { ...ro, filterable: false, groupable: false, label: 'New Value' })
                ]
            };
        }),
        {
            // A change event is not a queryable object: describeSObjects() only ("doesn't support CRUD operations or
            // queries"). It carries the parent's fields minus IsDeleted, SystemModstamp and derived ones, plus the
            // ChangeEventHeader. No key prefix of its own in the emulator.
            name: 'AccountChangeEvent', label: 'Account Change Event', labelPlural: 'Account Change Events', keyPrefix: '',
            createable: false, updateable: false, deletable: false, queryable: false, replicateable: false, retrieveable: false, searchable: false, triggerable: true, layoutable: false,
            fields: [
                f('Id', 'id', { ...ro, nillable: false, label: 'Change Event ID' }),
                f('ReplayId', 'string', { ...ro, label: 'Replay ID' }),
                f('ChangeEventHeader', 'complexvalue', { ...ro, nillable: false, filterable: false, sortable: false, groupable: false, label: 'Header' }),
                f('Name', 'string', { ...ro, label: 'Account Name' }),
                f('Type', 'picklist', ro),
                f('Industry', 'picklist', ro),
                f('Rating', 'picklist', ro),
                ref('OwnerId', ['User'], 'Owner', { ...ro, label: 'Owner ID' }),
                f('CreatedDate', 'datetime', ro),
                ref('CreatedById', ['User'], 'CreatedBy', ro),
                f('LastModifiedDate', 'datetime', ro),
                ref('LastModifiedById', ['User'], 'LastModifiedBy', ro)
            ]
        }
    ];
    if (multiCurrency) {
        out.push({
            // CurrencyType: create(), describeSObjects(), getUpdated(), query(), retrieve(), search(), update() — never deleted.
            // "Not available in single-currency organizations". Key prefix chosen by the emulator.
            name: 'CurrencyType', label: 'Currency Type', labelPlural: 'Currency Types', keyPrefix: '02B', deletable: false, triggerable: false, layoutable: false,
            fields: [
                ...auditFields(),
                f('IsoCode', 'picklist', { nillable: false, updateable: false, restrictedPicklist: true, length: 40, picklist: CURRENCIES.map((c) => c.isoCode), nameField: true, label: 'Currency ISO Code' }),
                f('ConversionRate', 'double', { nillable: false, precision: 18, scale: 6, label: 'Conversion Rate' }),
                f('DecimalPlaces', 'int', { nillable: false, label: 'Decimal Places' }),
                f('IsActive', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Active' }),
                f('IsCorporate', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Corporate Currency' })
            ]
        });
    }
    return out;
}

/** Adds the production objects and adjusts the others: IsDeleted, polymorphic OwnerId, CurrencyIsoCode, capabilities. */
function withProductionTraits(objects: RawObject[], opts: { multiCurrency: boolean }): RawObject[] {
    const all = [...objects, ...productionObjects(opts.multiCurrency)];
    for (const o of all) {
        if (NO_IS_DELETED.has(o.name)) o.fields = o.fields.filter((fd) => fd.name !== 'IsDeleted');
        if (QUEUE_OWNABLE.includes(o.name)) {
            o.fields = o.fields.map((fd) => (fd.name === 'OwnerId' ? { ...fd, referenceTo: ['Group', 'User'] } : fd));
        }
        if (opts.multiCurrency && CURRENCY_OBJECTS.includes(o.name)) {
            o.fields = [...o.fields, currencyPicklist('CurrencyIsoCode', 'Currency ISO Code')];
            if (o.name === 'User') o.fields.push(currencyPicklist('DefaultCurrencyIsoCode', 'Default Currency ISO Code'));
        }
        Object.assign(o, CAPABILITIES[o.name] ?? {});
    }
    return all;
}

/**
 * The Name object: what a polymorphic relationship (Owner of a Lead or Case, Who and What of a Task) reads. Not
 * queryable itself; only these fields can follow such a relationship (Object Reference, "Name").
 */
function nameObject(): ObjectDef {
    const r: FieldOpts = ro;
    return finish({
        name: 'Name', label: 'Name', labelPlural: 'Names', keyPrefix: '', createable: false, updateable: false, deletable: false,
        queryable: false, replicateable: false, retrieveable: false, searchable: false, triggerable: false, layoutable: false,
        fields: [
            f('Id', 'id', { ...r, nillable: false, label: 'ID' }),
            f('Name', 'string', { ...r, nameField: true }),
            f('Type', 'picklist', { ...r, length: 40 }),
            f('Alias', 'string', { ...r, length: 8 }),
            f('Email', 'email', { ...r, length: 80 }),
            f('FirstName', 'string', { ...r, length: 40 }),
            f('LastName', 'string', { ...r, length: 80 }),
            f('IsActive', 'boolean', { ...r, nillable: false, defaultedOnCreate: true, label: 'Active' }),
            f('Username', 'string', { ...r, length: 80 }),
            f('Title', 'string', { ...r, length: 80 }),
            f('Phone', 'phone', { ...r, length: 40 }),
            ref('ProfileId', ['Profile'], 'Profile', { ...r, label: 'Profile ID' }),
            ref('UserRoleId', ['UserRole'], 'UserRole', { ...r, label: 'Role ID' }),
            ref('RecordTypeId', ['RecordType'], 'RecordType', { ...r, label: 'Record Type ID' }),
            f('NameOrAlias', 'string', { ...r, length: 80, label: 'Name or Alias' }),
            f('LastReferencedDate', 'datetime', r),
            f('LastViewedDate', 'datetime', r),
            f('SmallPhotoUrl', 'url', r),
            f('MediumPhotoUrl', 'url', r),
            f('FullPhotoUrl', 'url', r)
        ]
    });
}

function finish(raw: RawObject): ObjectDef {
    const byName = new Map<string, FieldDef>();
    const byRelationship = new Map<string, FieldDef>();
    for (const field of raw.fields) {
        byName.set(field.name.toLowerCase(), field);
        if (field.relationshipName) byRelationship.set(field.relationshipName.toLowerCase(), field);
    }
    return {
        name: raw.name,
        label: raw.label,
        labelPlural: raw.labelPlural,
        keyPrefix: raw.keyPrefix,
        custom: raw.name.endsWith('__c'),
        fields: raw.fields,
        byName,
        byRelationship,
        createable: raw.createable ?? true,
        updateable: raw.updateable ?? true,
        deletable: raw.deletable ?? true,
        queryable: raw.queryable ?? true,
        replicateable: raw.replicateable ?? true,
        retrieveable: raw.retrieveable ?? true,
        searchable: raw.searchable ?? true,
        triggerable: raw.triggerable ?? true,
        layoutable: raw.layoutable ?? true,
        ...(raw.historyOf ? { historyOf: raw.historyOf } : {}),
        ...(raw.autoNumberFormat ? { autoNumberFormat: raw.autoNumberFormat } : {}),
        ...(raw.sharesTableWith ? { sharesTableWith: raw.sharesTableWith } : {})
    };
}

/** Relationship names of child lookups, as seen from the parent (Account.Contacts etc.). */
const CHILD_RELATIONSHIP_NAMES: Record<string, string> = {
    'Contact.AccountId': 'Contacts',
    'Opportunity.AccountId': 'Opportunities',
    'Case.AccountId': 'Cases',
    'Case.ContactId': 'Cases',
    'Case.ParentId': 'Cases',
    'Account.ParentId': 'ChildAccounts',
    'Task.WhoId': 'Tasks',
    'Task.WhatId': 'Tasks',
    'Invoice__c.Account__c': 'Invoices__r',
    'User.ManagerId': 'ManagedUsers',
    'User.ProfileId': 'Users',
    'User.UserRoleId': 'Users',
    'Lead.ConvertedAccountId': 'ConvertedLeads',
    'Lead.ConvertedContactId': 'ConvertedLeads',
    'Lead.ConvertedOpportunityId': 'ConvertedLeads',
    'CaseComment.ParentId': 'CaseComments',
    'EmailMessage.ParentId': 'EmailMessages',
    'EmailMessage.RelatedToId': 'Emails',
    'EmailMessage.ReplyToEmailMessageId': 'Replies',
    'AccountHistory.AccountId': 'Histories',
    'OpportunityFieldHistory.OpportunityId': 'Histories',
    'CaseHistory.CaseId': 'Histories',
    'ContactHistory.ContactId': 'Histories',
    'LeadHistory.LeadId': 'Histories',
    'Event.WhoId': 'Events',
    'Event.WhatId': 'Events',
    'Event.RecurrenceActivityId': 'RecurringEvents',
    'PricebookEntry.Pricebook2Id': 'PricebookEntries',
    'PricebookEntry.Product2Id': 'PricebookEntries',
    'OpportunityLineItem.OpportunityId': 'OpportunityLineItems',
    'OpportunityLineItem.PricebookEntryId': 'OpportunityLineItems',
    'QueueSobject.QueueId': 'QueueSobjects',
    'ProcessInstance.TargetObjectId': 'ProcessInstances',
    'ProcessInstanceWorkitem.ProcessInstanceId': 'Workitems',
    'Campaign.ParentId': 'ChildCampaigns',
    'CampaignMember.CampaignId': 'CampaignMembers',
    'CampaignMember.LeadId': 'CampaignMembers',
    'CampaignMember.ContactId': 'CampaignMembers',
    'CampaignMemberStatus.CampaignId': 'CampaignMemberStatuses'
};

export class Schema {
    /** Every object as the API user sees it (field-level security applied), in definition order. */
    objects: ObjectDef[] = [];
    /** Every object with all its fields (what the store keeps), in definition order. */
    readonly definitions: ObjectDef[];
    /** The Name object a polymorphic relationship reads (not listed in objects: it can't be queried or described here). */
    readonly nameObject: ObjectDef = nameObject();
    private readonly fullByName = new Map<string, ObjectDef>();
    private byName = new Map<string, ObjectDef>();
    private byPrefix = new Map<string, ObjectDef>();
    /** Lower-cased parent object → lower-cased relationship name → child relationship. */
    private readonly children = new Map<string, Map<string, ChildRelationship>>();
    /** Last time metadata changed (for If-Modified-Since on describe); field-security changes move it too. */
    lastModified: Date;

    readonly opportunityStages: OpportunityStageDef[];
    readonly leadStatuses: LeadStatusDef[];
    readonly leadProcesses: LeadProcessDef[];
    readonly knowledge: boolean;
    /** The traits this org was built with (field-security lists as at construction; see fieldSecurity for now). */
    readonly traits: OrgTraits;
    readonly multiCurrency: boolean;
    /** The API user's field-level security. */
    readonly fieldSecurity: FieldSecurity;

    constructor(now: Date = new Date(), opts: SchemaOptions = {}) {
        this.lastModified = new Date(Math.floor(now.getTime() / 1000) * 1000);
        this.opportunityStages = opts.opportunityStages && opts.opportunityStages.length > 0 ? opts.opportunityStages : OPPORTUNITY_STAGES;
        this.leadStatuses = opts.leadStatuses && opts.leadStatuses.length > 0 ? opts.leadStatuses : LEAD_STATUS_DEFS;
        this.leadProcesses = opts.leadProcesses ?? [];
        this.knowledge = opts.knowledge !== false;
        this.traits = resolveTraits(opts.traits);
        this.multiCurrency = this.traits.multiCurrency;
        this.definitions = withProductionTraits(withAddressPicklists(withLeadRecordTypes(rawObjects(this.opportunityStages, this.leadStatuses, this.knowledge), this.leadProcesses), this.traits.stateCountryPicklists), { multiCurrency: this.multiCurrency }).map(finish);
        for (const o of this.definitions) this.fullByName.set(o.name.toLowerCase(), o);
        this.fieldSecurity = new FieldSecurity(this.definitions, { hiddenFields: this.traits.hiddenFields, readOnlyFields: this.traits.readOnlyFields });
        this.index();
        for (const child of this.definitions) {
            for (const field of child.fields) {
                if (field.type !== 'reference') continue;
                for (const parentName of field.referenceTo) {
                    const relName = CHILD_RELATIONSHIP_NAMES[`${child.name}.${field.name}`] ?? null;
                    const rel: ChildRelationship = {
                        childSObject: child.name,
                        field: field.name,
                        relationshipName: ['CreatedById', 'LastModifiedById', 'OwnerId'].includes(field.name) ? null : relName,
                        cascadeDelete: false,
                        restrictedDelete: false,
                        deprecatedAndHidden: false,
                        junctionIdListNames: [],
                        junctionReferenceTo: []
                    };
                    const map = this.children.get(parentName.toLowerCase()) ?? new Map<string, ChildRelationship>();
                    const key = rel.relationshipName ? rel.relationshipName.toLowerCase() : `${child.name}.${field.name}`.toLowerCase();
                    // Case has three lookups named "Cases" on different parents; on one parent keep the first.
                    if (!map.has(key)) map.set(key, rel);
                    this.children.set(parentName.toLowerCase(), map);
                }
            }
        }
    }

    /** Builds the API user's views of every object (again after a field-security change). */
    private index(): void {
        this.objects = this.definitions.map((d) => this.fieldSecurity.view(d));
        this.byName = new Map();
        this.byPrefix = new Map();
        for (const o of this.objects) {
            this.byName.set(o.name.toLowerCase(), o);
            // A shared-row view doesn't own its key prefix: ids resolve to the concrete object.
            if (!o.sharesTableWith && o.keyPrefix !== '' && !this.byPrefix.has(o.keyPrefix)) this.byPrefix.set(o.keyPrefix, o);
        }
    }

    /** Changes the API user's field-level security (each list given replaces the current one; validated first). */
    setFieldSecurity(change: FieldSecurityChange, now: Date = new Date()): void {
        this.fieldSecurity.set(change);
        this.index();
        this.lastModified = new Date(Math.max(this.lastModified.getTime() + 1000, Math.floor(now.getTime() / 1000) * 1000));
    }

    /** An object as the API user sees it (hidden fields absent, read-only ones not createable/updateable). */
    get(name: string): ObjectDef | undefined {
        return this.byName.get(name.toLowerCase());
    }

    /** An object with all its fields, whatever the API user may see. */
    definition(name: string): ObjectDef | undefined {
        return this.fullByName.get(name.toLowerCase());
    }

    byKeyPrefix(prefix: string): ObjectDef | undefined {
        return this.byPrefix.get(prefix);
    }

    /** Child relationships whose lookup field the API user can see. */
    childRelationships(objectName: string): ChildRelationship[] {
        return [...(this.children.get(objectName.toLowerCase())?.values() ?? [])].filter((rel) => !this.fieldSecurity.isHidden(rel.childSObject, rel.field));
    }

    childRelationship(objectName: string, relationshipName: string): ChildRelationship | undefined {
        const rel = this.children.get(objectName.toLowerCase())?.get(relationshipName.toLowerCase());
        return rel?.relationshipName && !this.fieldSecurity.isHidden(rel.childSObject, rel.field) ? rel : undefined;
    }

    /**
     * Whether a history row is invisible to the API user because it records a field the user can't see (history
     * objects respect the field-level security of their parent object).
     */
    historyRowHidden(def: ObjectDef, rec: Rec): boolean {
        if (!def.historyOf) return false;
        const recorded = rec['Field'];
        if (typeof recorded !== 'string') return false;
        const field = HISTORY_TRACKING[def.historyOf]?.fields[recorded] ?? recorded;
        return this.fieldSecurity.isHidden(def.historyOf, field);
    }

    /** The currencies of a multi-currency org (none otherwise). */
    get currencies(): readonly CurrencyDef[] {
        return this.multiCurrency ? CURRENCIES : [];
    }
}
