/**
 * Object and field definitions of the emulated org: what describe returns and what the store and the
 * SOQL engine validate against. Adding an object = adding one entry to OBJECTS.
 */

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
    | 'url';

export interface PicklistValue {
    active: boolean;
    defaultValue: boolean;
    label: string;
    value: string;
    validFor: null;
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
    datetime: 'xsd:dateTime'
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
    name: string;
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

const ADDRESS = (p: string): FieldDef[] => [
    f(`${p}Street`, 'textarea', { length: 255 }),
    f(`${p}City`, 'string', { length: 40 }),
    f(`${p}State`, 'string', { length: 80 }),
    f(`${p}PostalCode`, 'string', { length: 20 }),
    f(`${p}Country`, 'string', { length: 80 })
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
            f('LastActivityDate', 'date', ro)
        ]
    },
    {
        name: 'Contact', label: 'Contact', labelPlural: 'Contacts', keyPrefix: '003',
        fields: [
            ...systemFields(),
            ref('AccountId', ['Account'], 'Account'),
            f('Salutation', 'picklist', { picklist: ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'] }),
            f('FirstName', 'string', { length: 40 }),
            f('LastName', 'string', { nillable: false, length: 80 }),
            f('Name', 'string', { ...ro, nameField: true, calculated: true, label: 'Full Name', length: 121 }),
            ...ADDRESS('Mailing'),
            f('Phone', 'phone', { length: 40 }),
            f('MobilePhone', 'phone', { length: 40 }),
            f('Email', 'email', { length: 80, idLookup: true }),
            f('Title', 'string', { length: 128 }),
            f('Department', 'string', { length: 80 }),
            f('LeadSource', 'picklist', { picklist: ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'] }),
            f('Birthdate', 'date'),
            f('Description', 'textarea', { length: 32000 }),
            f('HasOptedOutOfEmail', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Email Opt Out' })
        ]
    },
    {
        name: 'Lead', label: 'Lead', labelPlural: 'Leads', keyPrefix: '00Q',
        fields: [
            ...systemFields(),
            f('FirstName', 'string', { length: 40 }),
            f('LastName', 'string', { nillable: false, length: 80 }),
            f('Name', 'string', { ...ro, nameField: true, calculated: true, label: 'Full Name', length: 121 }),
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
            f('Description', 'textarea', { length: 32000 })
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
            f('ForecastCategoryName', 'picklist', { picklist: ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'], defaultedOnCreate: true, label: 'Forecast Category' })
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
            f('IsEscalated', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Escalated' })
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
            f('Description__c', 'textarea', { length: 32768 })
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
    }
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
    'EmailMessage.ReplyToEmailMessageId': 'Replies'
};

export class Schema {
    readonly objects: ObjectDef[];
    private readonly byName = new Map<string, ObjectDef>();
    private readonly byPrefix = new Map<string, ObjectDef>();
    /** Lower-cased parent object → lower-cased relationship name → child relationship. */
    private readonly children = new Map<string, Map<string, ChildRelationship>>();
    /** Last time metadata changed (for If-Modified-Since on describe). */
    readonly lastModified: Date;

    readonly opportunityStages: OpportunityStageDef[];
    readonly leadStatuses: LeadStatusDef[];
    readonly knowledge: boolean;

    constructor(now: Date = new Date(), opts: SchemaOptions = {}) {
        this.lastModified = new Date(Math.floor(now.getTime() / 1000) * 1000);
        this.opportunityStages = opts.opportunityStages && opts.opportunityStages.length > 0 ? opts.opportunityStages : OPPORTUNITY_STAGES;
        this.leadStatuses = opts.leadStatuses && opts.leadStatuses.length > 0 ? opts.leadStatuses : LEAD_STATUS_DEFS;
        this.knowledge = opts.knowledge !== false;
        this.objects = rawObjects(this.opportunityStages, this.leadStatuses, this.knowledge).map(finish);
        for (const o of this.objects) {
            this.byName.set(o.name.toLowerCase(), o);
            // A shared-row view doesn't own its key prefix: ids resolve to the concrete object.
            if (!o.sharesTableWith) this.byPrefix.set(o.keyPrefix, o);
        }
        for (const child of this.objects) {
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

    get(name: string): ObjectDef | undefined {
        return this.byName.get(name.toLowerCase());
    }

    byKeyPrefix(prefix: string): ObjectDef | undefined {
        return this.byPrefix.get(prefix);
    }

    childRelationships(objectName: string): ChildRelationship[] {
        return [...(this.children.get(objectName.toLowerCase())?.values() ?? [])];
    }

    childRelationship(objectName: string, relationshipName: string): ChildRelationship | undefined {
        const rel = this.children.get(objectName.toLowerCase())?.get(relationshipName.toLowerCase());
        return rel?.relationshipName ? rel : undefined;
    }
}
