/** Quick actions (reference §5.1, §5.2): list, describe, default values, invoke; global and per object. */
import { SfError, notFound } from '../errors.js';
import { json, jsonBody, type Req, type Res } from '../http.js';
import { keyPrefixOf, to18 } from '../org/ids.js';
import type { ObjectDef } from '../org/schema.js';
import { formatDate, formatDateTime, type Value } from '../org/values.js';
import type { SalesforceState } from '../state.js';

interface ActionDef {
    name: string;
    label: string;
    type: 'Create' | 'LogACall' | 'Update' | 'SendEmail';
    target: string;
    /** Object the action belongs to (undefined = global). */
    context?: string;
    /** Static defaults of the target record. */
    defaults: Record<string, Value>;
    /** Fields shown in the layout, in order. */
    layout: string[];
}

const GLOBAL: ActionDef[] = [
    { name: 'LogACall', label: 'Log a Call', type: 'LogACall', target: 'Task', defaults: { Subject: 'Call', Description: null, WhoId: null, WhatId: null, Status: 'Completed', TaskSubtype: 'Call' }, layout: ['Subject', 'Description', 'WhoId', 'WhatId'] },
    { name: 'NewTask', label: 'New Task', type: 'Create', target: 'Task', defaults: { Subject: null, ActivityDate: null, WhoId: null, WhatId: null, Status: 'Not Started', Priority: 'Normal', OwnerId: null }, layout: ['Subject', 'ActivityDate', 'WhoId', 'WhatId', 'Status', 'OwnerId'] },
    { name: 'NewContact', label: 'New Contact', type: 'Create', target: 'Contact', defaults: { FirstName: null, LastName: null, AccountId: null, Email: null, Phone: null, Title: null }, layout: ['FirstName', 'LastName', 'AccountId', 'Email', 'Phone', 'Title'] },
    { name: 'NewLead', label: 'New Lead', type: 'Create', target: 'Lead', defaults: { FirstName: null, LastName: null, Company: null, Email: null, Phone: null, Status: 'Open - Not Contacted' }, layout: ['FirstName', 'LastName', 'Company', 'Email', 'Phone', 'Status'] },
    { name: 'NewAccount', label: 'New Account', type: 'Create', target: 'Account', defaults: { Name: null, Phone: null, Website: null, Industry: null }, layout: ['Name', 'Phone', 'Website', 'Industry'] },
    { name: 'NewOpportunity', label: 'New Opportunity', type: 'Create', target: 'Opportunity', defaults: { Name: null, AccountId: null, CloseDate: null, StageName: null, Amount: null }, layout: ['Name', 'AccountId', 'CloseDate', 'StageName', 'Amount'] },
    { name: 'NewCase', label: 'New Case', type: 'Create', target: 'Case', defaults: { Subject: null, ContactId: null, AccountId: null, Status: 'New', Priority: 'Medium', Origin: null }, layout: ['Subject', 'ContactId', 'AccountId', 'Status', 'Priority', 'Origin'] }
];

const OBJECT: ActionDef[] = [
    { name: 'Account.New_Account', label: 'New Account', type: 'Create', target: 'Account', context: 'Account', defaults: { Name: null, ParentId: null, Phone: null }, layout: ['Name', 'ParentId', 'Phone'] },
    { name: 'Account.NewContact', label: 'New Contact', type: 'Create', target: 'Contact', context: 'Account', defaults: { FirstName: null, LastName: null, AccountId: null, Email: null }, layout: ['FirstName', 'LastName', 'AccountId', 'Email'] },
    { name: 'Account.NewOpportunity', label: 'New Opportunity', type: 'Create', target: 'Opportunity', context: 'Account', defaults: { Name: null, AccountId: null, CloseDate: null, StageName: null }, layout: ['Name', 'AccountId', 'CloseDate', 'StageName'] },
    { name: 'Account.NewCase', label: 'New Case', type: 'Create', target: 'Case', context: 'Account', defaults: { Subject: null, AccountId: null, Status: 'New', Priority: 'Medium' }, layout: ['Subject', 'AccountId', 'Status', 'Priority'] },
    { name: 'Contact.NewCase', label: 'New Case', type: 'Create', target: 'Case', context: 'Contact', defaults: { Subject: null, ContactId: null, AccountId: null, Status: 'New', Priority: 'Medium' }, layout: ['Subject', 'ContactId', 'AccountId', 'Status', 'Priority'] },
    { name: 'Opportunity.NewTask', label: 'New Task', type: 'Create', target: 'Task', context: 'Opportunity', defaults: { Subject: null, WhatId: null, ActivityDate: null, Status: 'Not Started' }, layout: ['Subject', 'WhatId', 'ActivityDate', 'Status'] },
    { name: 'Case.LogACall', label: 'Log a Call', type: 'LogACall', target: 'Task', context: 'Case', defaults: { Subject: 'Call', Description: null, WhoId: null, WhatId: null, Status: 'Completed', TaskSubtype: 'Call' }, layout: ['Subject', 'Description', 'WhoId', 'WhatId'] },
    { name: 'Case.CaseComment', label: 'Case Comment', type: 'Create', target: 'CaseComment', context: 'Case', defaults: { CommentBody: null, IsPublished: false, ParentId: null }, layout: ['CommentBody', 'IsPublished'] },
    { name: 'Lead.LogACall', label: 'Log a Call', type: 'LogACall', target: 'Task', context: 'Lead', defaults: { Subject: 'Call', Description: null, WhoId: null, WhatId: null, Status: 'Completed', TaskSubtype: 'Call' }, layout: ['Subject', 'Description', 'WhoId', 'WhatId'] }
];

function available(s: SalesforceState, a: ActionDef): boolean {
    return s.org.schema.get(a.target) !== undefined && (a.context === undefined || s.org.schema.get(a.context) !== undefined);
}

function base(version: string, context: ObjectDef | undefined): string {
    return context ? `/services/data/v${version}/sobjects/${context.name}/quickActions` : `/services/data/v${version}/quickActions`;
}

function summary(a: ActionDef, version: string, context: ObjectDef | undefined): Record<string, unknown> {
    const b = `${base(version, context)}/${a.name}`;
    return {
        actionEnumOrId: a.context ? a.name : a.type === 'LogACall' ? 'LogACall' : a.name,
        label: a.label,
        name: a.name,
        type: a.type,
        urls: { defaultValuesTemplate: `${b}/defaultValues/{ID}`, quickAction: b, describe: `${b}/describe`, defaultValues: `${b}/defaultValues` }
    };
}

/** Reference field of the target that points at the context record's type (WhatId for accounts, WhoId for contacts…). */
function contextField(s: SalesforceState, a: ActionDef, contextType: string): string | undefined {
    const target = s.org.schema.get(a.target);
    if (!target) return undefined;
    if (a.target === 'Task') return contextType === 'Contact' || contextType === 'Lead' ? 'WhoId' : target.byName.get('whatid')?.referenceTo.includes(contextType) ? 'WhatId' : undefined;
    if (a.name === 'Account.New_Account') return 'ParentId';
    const fd = target.fields.find((f) => f.type === 'reference' && f.referenceTo.includes(contextType) && !['OwnerId', 'CreatedById', 'LastModifiedById'].includes(f.name));
    return fd?.name;
}

function defaults(s: SalesforceState, a: ActionDef, version: string, contextId: string | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = { attributes: { type: a.target } };
    for (const [k, v] of Object.entries(a.defaults)) out[k] = v;
    if (a.type === 'LogACall' || out['ActivityDate'] !== undefined) out['ActivityDate'] = a.type === 'LogACall' ? formatDate(s.org.now()) : out['ActivityDate'];
    if (contextId === undefined) return out;
    const id = to18(contextId);
    const def = id ? s.org.typeOf(id) : undefined;
    if (!id || !def) throw new SfError(400, 'MALFORMED_ID', `Context ID: id value of incorrect type: ${contextId}`, ['contextId']);
    const rec = s.org.get(id);
    if (!rec || rec['IsDeleted'] === true || keyPrefixOf(id) !== def.keyPrefix) throw notFound();
    const field = contextField(s, a, def.name);
    if (field) out[field] = id;
    // A contact context also fills the account of what's being created, as the UI does.
    if (def.name === 'Contact' && typeof rec['AccountId'] === 'string') {
        if (a.target === 'Case' && 'AccountId' in out) out['AccountId'] = rec['AccountId'];
        if (a.target === 'Task' && out['WhatId'] === null) out['WhatId'] = rec['AccountId'];
    }
    void version;
    return out;
}

function describe(s: SalesforceState, a: ActionDef, version: string, context: ObjectDef | undefined): Record<string, unknown> {
    const target = s.org.schema.get(a.target);
    const row = (name: string): Record<string, unknown> => {
        const fd = target?.byName.get(name.toLowerCase());
        return { editableForNew: true, editableForUpdate: true, label: fd?.label ?? name, layoutComponents: [{ type: 'Field', value: name, displayLines: 1, tabOrder: 1 }], placeholder: false, required: fd ? !fd.nillable && fd.type !== 'boolean' : false };
    };
    return {
        ...summary(a, version, context),
        accessLevelRequired: null,
        canvasApplicationId: null,
        canvasApplicationName: null,
        colors: [],
        contextSobjectType: a.context ?? null,
        defaultValues: [],
        flowDevName: null,
        height: null,
        iconName: null,
        iconUrl: null,
        icons: [],
        layout: { layoutRows: a.layout.map((f) => ({ layoutItems: [row(f)], numItems: 1 })), numRows: a.layout.length, useCollapsibleSection: false, useHeading: false },
        miniIconUrl: null,
        showQuickActionLcHeader: true,
        showQuickActionVfHeader: true,
        targetParentField: a.context ? (contextField(s, a, a.context) ?? null) : null,
        targetRecordTypeId: null,
        targetSobjectType: a.target,
        visualforcePageName: null,
        visualforcePageUrl: null,
        width: null
    };
}

function invoke(req: Req, s: SalesforceState, a: ActionDef, version: string): Res {
    const body = jsonBody(req);
    const contextId = typeof body['contextId'] === 'string' ? body['contextId'] : undefined;
    const record = body['record'];
    if (record !== undefined && (record === null || typeof record !== 'object' || Array.isArray(record))) throw new SfError(400, 'JSON_PARSER_ERROR', 'record must be a JSON object');
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(defaults(s, a, version, contextId))) if (k !== 'attributes' && k !== 'OwnerId' && v !== null) values[k] = v;
    Object.assign(values, record as Record<string, unknown> | undefined);
    const created = s.org.insert(a.target, values);
    const id = created['Id'] as string;
    s.org.touchRecent(id);
    return json(201, { contextId: contextId ?? null, created: true, errors: [], feedItemIds: [], id, success: true, createdDate: formatDateTime(created['CreatedDate'] as number) }, { Location: `/services/data/v${version}/sobjects/${a.target}/${id}` });
}

function actionRoute(req: Req | undefined, s: SalesforceState, version: string, method: string, a: ActionDef, context: ObjectDef | undefined, rest: string[]): Res {
    const [what, contextId, ...extra] = rest;
    if (extra.length > 0) throw notFound();
    if (what === undefined) {
        if (method === 'POST' && req) return invoke(req, s, a, version);
        if (method !== 'GET') return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD,POST`, errorCode: 'METHOD_NOT_ALLOWED' }]);
        return json(200, describe(s, a, version, context));
    }
    if (method !== 'GET') return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD`, errorCode: 'METHOD_NOT_ALLOWED' }]);
    if (what === 'describe' && contextId === undefined) return json(200, describe(s, a, version, context));
    if (what === 'defaultValues') return json(200, defaults(s, a, version, contextId));
    throw notFound();
}

/** /quickActions[/{name}[/describe|/defaultValues[/{contextId}]]] */
export function quickActions(s: SalesforceState, version: string, method: string, parts: string[], req: Req | undefined): Res {
    const [name, ...rest] = parts;
    const globals = GLOBAL.filter((a) => available(s, a));
    if (name === undefined) {
        if (method !== 'GET') return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD`, errorCode: 'METHOD_NOT_ALLOWED' }]);
        return json(200, globals.map((a) => summary(a, version, undefined)));
    }
    const a = globals.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (!a) throw notFound();
    return actionRoute(req, s, version, method, a, undefined, rest);
}

/** /sobjects/{T}/quickActions[/{name}[/…]]: the object's actions plus the global ones. */
export function sobjectQuickActions(s: SalesforceState, version: string, method: string, def: ObjectDef, parts: string[], req?: Req): Res {
    const [name, ...rest] = parts;
    const own = OBJECT.filter((a) => a.context === def.name && available(s, a));
    const all = [...own, ...GLOBAL.filter((a) => available(s, a))];
    if (name === undefined) {
        if (method !== 'GET') return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are GET,HEAD`, errorCode: 'METHOD_NOT_ALLOWED' }]);
        return json(200, all.map((a) => summary(a, version, def)));
    }
    const lower = name.toLowerCase();
    const a = all.find((x) => x.name.toLowerCase() === lower) ?? own.find((x) => x.name.toLowerCase() === `${def.name}.${name}`.toLowerCase());
    if (!a) throw notFound();
    return actionRoute(req, s, version, method, a, def, rest);
}
