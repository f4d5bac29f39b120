/**
 * Invocable actions (REST API Developer Guide "Invocable Actions", "Standard Invocable Actions", "Custom Invocable
 * Actions"; Actions Developer Guide "Flow Actions", "Simple Email Actions", "Post to Chatter Actions"):
 *
 *   GET  /actions                              → {"standard": "/services/data/vXX.X/actions/standard", "custom": "…/custom"}
 *   GET  /actions/standard                     → {"actions": [{"label", "name", "type"}]}
 *   GET  /actions/custom                       → {"apex": "…/actions/custom/apex", "emailAlert": …, "flow": …, "quickAction": …}
 *   GET  /actions/custom/{type}                → {"actions": [...]} (flow: active autolaunched flows only)
 *   GET  /actions/standard/{name}, /actions/custom/{type}/{name}  → describe: label, description, inputs, outputs
 *   POST the same with {"inputs": [{…}, …]}   → one result per input, in order:
 *        {"actionName", "errors": null | [{"statusCode", "message", "fields"}], "isSuccess", "outputValues", "version"}
 *
 * What this emulator decides where the docs are silent (⚠️, not verified on a live org):
 * - the HTTP status is 200 when every row succeeded and 400 when any failed, with the result array either way;
 * - an input parameter the action does not declare fails its row with statusCode INVALID_API_INPUT, a missing
 *   required one with REQUIRED_FIELD_MISSING "Missing required input parameter: X";
 * - a body without an `inputs` array answers 400 JSON_PARSER_ERROR; more than 2,000 rows 400 LIMIT_EXCEEDED;
 * - an unknown standard action answers 404 NOT_FOUND "Invalid Action Type: X" (as production does for convertLead,
 *   which does not exist: reference §8.1), an unknown custom type or action 404 NOT_FOUND.
 *
 * Seeded actions:
 * - standard `emailSimple` (API 65.0+ names: recipientAddresses, ccAddresses, bccAddresses, recipientId, emailSubject,
 *   emailBody, senderType, senderAddress, relatedRecordId, logEmailOnSend; the older emailAddresses and
 *   emailAddressesArray are accepted too). "If you're using logEmailOnSend or emailTemplateId, the daily
 *   email-sending limit is based on the single email limit", else on the daily workflow email limit: sent emails
 *   count their recipients against SingleEmail or DailyWorkflowEmails (shown in /limits); past the limit the row
 *   fails with SINGLE_EMAIL_LIMIT_EXCEEDED (⚠️ the code Apex uses; the REST code is not documented). At most 150
 *   recipients, each list at most 4,000 bytes (docs). Nothing is delivered: each email is recorded (handle.invocable).
 * - standard `chatterPost` (text ≤ 10,000 characters, subjectNameOrId): its text markup `@[005…]` becomes a mention,
 *   as the docs describe for this action (and only for it: Connect API Text segments stay literal).
 * - flow `Create_Follow_Up_Task` (recordId required, subject, daysUntilDue): creates a Task on the record (WhoId for
 *   contacts and leads, WhatId otherwise); a record that does not exist faults the interview (row error
 *   UNKNOWN_EXCEPTION, "An unhandled fault has occurred in this flow…"). Outputs taskId, Flow__InterviewStatus.
 * - flow `Score_Lead` (annualRevenue required, employees): no side effects; outputs score, grade,
 *   Flow__InterviewStatus; a negative revenue faults the interview.
 * - flow `Onboarding_Wizard`: a screen flow, so not in /actions/custom/flow and not invocable (404).
 * - apex `AccountNameLookup` (accountId required): outputs accountName; an unknown account fails the row.
 */
import { SfError, notFound } from '../errors.js';
import { json, jsonBody, type Req, type Res } from '../http.js';
import { to18 } from '../org/ids.js';
import type { SalesforceState } from '../state.js';
import { chatterState, recordPost, type FeedPost } from './chatter.js';

/** One email the emailSimple action accepted (nothing is delivered). */
export interface SentEmail {
    to: string[];
    cc: string[];
    bcc: string[];
    recipientId: string | null;
    subject: string;
    body: string;
    senderType: string;
    senderAddress: string | null;
    relatedRecordId: string | null;
    logged: boolean;
    /** Which daily limit it counted against. */
    limit: 'SingleEmail' | 'DailyWorkflowEmails';
    sentAt: string;
}

/** One run of an invocable action (any type), as the org received it. */
export interface Invocation {
    actionType: string;
    actionName: string;
    inputs: Array<Record<string, unknown>>;
    status: number;
}

export class InvocableState {
    readonly emails: SentEmail[] = [];
    readonly invocations: Invocation[] = [];
    singleEmailMax = 15;
    workflowEmailMax = 1950;
    singleEmailUsed = 0;
    workflowEmailUsed = 0;
    /** Verified organization-wide email addresses (senderType OrgWideEmailAddress). */
    readonly orgWideAddresses = new Set<string>(['support@emulator.example']);
}

const states = new WeakMap<SalesforceState, InvocableState>();

/** The invocable-action state of an org (created on first use). */
export function invocableState(s: SalesforceState): InvocableState {
    let state = states.get(s);
    if (!state) {
        state = new InvocableState();
        states.set(s, state);
    }
    return state;
}

interface Param {
    name: string;
    label: string;
    type: string;
    required?: boolean;
    description: string;
    maxOccurs?: number;
    sobjectType?: string;
    picklist?: string[];
}

type RowOutcome = { outputs: Record<string, unknown> | null } | { error: { statusCode: string; message: string } };

interface ActionDef {
    name: string;
    label: string;
    type: string;
    description: string;
    inputs: Param[];
    outputs: Param[];
    /** Not listed and not invocable (a screen flow). */
    hidden?: boolean;
    run: (s: SalesforceState, row: Record<string, unknown>) => RowOutcome;
}

const FLOW_FAULT = 'An unhandled fault has occurred in this flow. An unhandled fault has occurred while processing the flow. Please contact your system administrator for more information.';
const INTERVIEW_STATUS: Param = { name: 'Flow__InterviewStatus', label: 'Interview Status', type: 'PICKLIST', description: 'The status of the flow interview.', picklist: ['Created', 'Started', 'Finished', 'Error', 'Waiting'] };

function fail(statusCode: string, message: string): RowOutcome {
    return { error: { statusCode, message } };
}

function text(value: unknown): string | undefined {
    return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A comma-delimited list or a collection of addresses, as emailSimple takes them. */
function addresses(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    const list = Array.isArray(value) ? value.map(String) : String(value).split(',');
    return list.map((a) => a.trim()).filter((a) => a !== '');
}

const ADDRESS_RE = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[A-Za-z]{2,}$/;

function sendEmail(s: SalesforceState, row: Record<string, unknown>): RowOutcome {
    const st = invocableState(s);
    const lists: Array<[string, unknown]> = [
        ['recipientAddresses', row['recipientAddresses']],
        ['emailAddresses', row['emailAddresses']],
        ['emailAddressesArray', row['emailAddressesArray']],
        ['ccAddresses', row['ccAddresses']],
        ['bccAddresses', row['bccAddresses']]
    ];
    for (const [name, value] of lists) {
        if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > 4000) return fail('STRING_TOO_LONG', `${name}: data value too large (max length=4000)`);
    }
    const to = [...addresses(row['recipientAddresses']), ...addresses(row['emailAddresses']), ...addresses(row['emailAddressesArray'])];
    const cc = addresses(row['ccAddresses']);
    const bcc = addresses(row['bccAddresses']);
    const bad = [...to, ...cc, ...bcc].find((a) => !ADDRESS_RE.test(a));
    if (bad !== undefined) return fail('INVALID_EMAIL_ADDRESS', `Email address is invalid: ${bad}`);
    let recipientId: string | null = null;
    if (row['recipientId'] !== undefined && row['recipientId'] !== null) {
        const id = to18(String(row['recipientId']));
        const rec = id ? s.org.get(id) : undefined;
        const type = id ? s.org.typeOf(id)?.name : undefined;
        if (!rec || rec['IsDeleted'] === true || !['Contact', 'Lead', 'User'].includes(type ?? '')) return fail('INVALID_ID_FIELD', `Invalid recipientId: ${String(row['recipientId'])}`);
        if (!text(rec['Email'])) return fail('INVALID_EMAIL_ADDRESS', `The recipient ${id} has no email address`);
        recipientId = id;
    }
    const recipients = to.length + cc.length + bcc.length + (recipientId ? 1 : 0);
    if (recipients === 0) return fail('REQUIRED_FIELD_MISSING', 'Missing required input parameter: recipientAddresses');
    if (recipients > 150) return fail('LIMIT_EXCEEDED', 'The combined number of recipients must be 150 or fewer.');
    const subject = text(row['emailSubject']);
    const body = text(row['emailBody']);
    if (subject === undefined) return fail('REQUIRED_FIELD_MISSING', 'Missing required input parameter: emailSubject');
    if (body === undefined) return fail('REQUIRED_FIELD_MISSING', 'Missing required input parameter: emailBody');
    const senderType = text(row['senderType']) ?? 'CurrentUser';
    if (!['CurrentUser', 'DefaultWorkflowUser', 'OrgWideEmailAddress'].includes(senderType)) return fail('INVALID_API_INPUT', `Invalid senderType: ${senderType}`);
    const senderAddress = text(row['senderAddress']) ?? null;
    if (senderType === 'OrgWideEmailAddress' && (senderAddress === null || !st.orgWideAddresses.has(senderAddress.toLowerCase()))) {
        return fail('INVALID_EMAIL_ADDRESS', `senderAddress must be a verified organization-wide email address: ${senderAddress ?? '(none)'}`);
    }
    let relatedRecordId: string | null = null;
    if (row['relatedRecordId'] !== undefined && row['relatedRecordId'] !== null) {
        const id = to18(String(row['relatedRecordId']));
        const rec = id ? s.org.get(id) : undefined;
        if (!rec || rec['IsDeleted'] === true) return fail('INVALID_ID_FIELD', `Invalid relatedRecordId: ${String(row['relatedRecordId'])}`);
        relatedRecordId = id;
    }
    const logged = row['logEmailOnSend'] === true || row['logEmailOnSend'] === 'true';
    if (logged) {
        if (st.singleEmailUsed + recipients > st.singleEmailMax) return fail('SINGLE_EMAIL_LIMIT_EXCEEDED', 'The daily limit for the org would be exceeded by this request (SingleEmail).');
        st.singleEmailUsed += recipients;
    } else {
        if (st.workflowEmailUsed + recipients > st.workflowEmailMax) return fail('SINGLE_EMAIL_LIMIT_EXCEEDED', 'The daily limit for the org would be exceeded by this request (DailyWorkflowEmails).');
        st.workflowEmailUsed += recipients;
    }
    st.emails.push({ to, cc, bcc, recipientId, subject, body, senderType, senderAddress, relatedRecordId, logged, limit: logged ? 'SingleEmail' : 'DailyWorkflowEmails', sentAt: new Date(s.org.now()).toISOString() });
    return { outputs: null };
}

function chatterPost(s: SalesforceState, row: Record<string, unknown>): RowOutcome {
    const body = text(row['text']);
    const subject = text(row['subjectNameOrId']);
    if (body === undefined) return fail('REQUIRED_FIELD_MISSING', 'Missing required input parameter: text');
    if (subject === undefined) return fail('REQUIRED_FIELD_MISSING', 'Missing required input parameter: subjectNameOrId');
    if (body.length > 10_000) return fail('STRING_TOO_LONG', 'text: data value too large (max length=10000)');
    const id = to18(subject);
    const parent = id ? s.org.get(id) : undefined;
    if (!id || !parent || parent['IsDeleted'] === true) return fail('INVALID_ID_FIELD', `Unknown subjectNameOrId: ${subject}`);
    // this action (only) turns @[id] into a mention
    const segments: FeedPost['segments'] = [];
    let last = 0;
    for (const m of body.matchAll(/@\[([a-zA-Z0-9]{15,18})\]/g)) {
        if (m.index > last) segments.push({ type: 'Text', text: body.slice(last, m.index) });
        segments.push({ type: 'Mention', id: to18(m[1] ?? '') ?? m[1] ?? '' });
        last = m.index + m[0].length;
    }
    if (last < body.length) segments.push({ type: 'Text', text: body.slice(last) });
    const post = recordPost(s, id, segments, 'chatterPost');
    if ('error' in post) return fail(post.error.errorCode, post.error.message);
    return { outputs: { feedItemId: post.id } };
}

function createFollowUpTask(s: SalesforceState, row: Record<string, unknown>): RowOutcome {
    const id = to18(String(row['recordId'] ?? ''));
    const rec = id ? s.org.get(id) : undefined;
    if (!id || !rec || rec['IsDeleted'] === true) return fail('UNKNOWN_EXCEPTION', FLOW_FAULT);
    const type = s.org.typeOf(id)?.name;
    const days = typeof row['daysUntilDue'] === 'number' ? row['daysUntilDue'] : 7;
    const due = new Date(s.org.now() + days * 86_400_000).toISOString().slice(0, 10);
    const link = type === 'Contact' || type === 'Lead' ? { WhoId: id } : { WhatId: id };
    try {
        const task = s.org.insert('Task', { Subject: text(row['subject']) ?? 'Follow up', ActivityDate: due, Status: 'Not Started', Priority: 'Normal', ...link });
        return { outputs: { taskId: task['Id'], Flow__InterviewStatus: 'Finished' } };
    } catch (err) {
        if (err instanceof SfError) return fail('UNKNOWN_EXCEPTION', `${FLOW_FAULT} ${err.errorCode}: ${err.message}`);
        throw err;
    }
}

function scoreLead(_s: SalesforceState, row: Record<string, unknown>): RowOutcome {
    const revenue = Number(row['annualRevenue']);
    const employees = row['employees'] === undefined || row['employees'] === null ? 0 : Number(row['employees']);
    if (!Number.isFinite(revenue) || revenue < 0 || !Number.isFinite(employees)) return fail('UNKNOWN_EXCEPTION', FLOW_FAULT);
    const score = Math.min(100, Math.round(revenue / 100_000) + Math.round(employees / 10));
    return { outputs: { score, grade: score >= 70 ? 'A' : score >= 40 ? 'B' : 'C', Flow__InterviewStatus: 'Finished' } };
}

function accountNameLookup(s: SalesforceState, row: Record<string, unknown>): RowOutcome {
    const id = to18(String(row['accountId'] ?? ''));
    const rec = id && s.org.typeOf(id)?.name === 'Account' ? s.org.get(id) : undefined;
    if (!rec || rec['IsDeleted'] === true) return fail('UNKNOWN_EXCEPTION', 'System.QueryException: List has no rows for assignment to SObject');
    return { outputs: { accountName: rec['Name'] ?? null } };
}

const STANDARD: ActionDef[] = [
    {
        name: 'emailSimple',
        label: 'Send Email',
        type: 'EMAILSIMPLE',
        description: 'Send an email where you specify the subject, body, and recipients.',
        inputs: [
            { name: 'recipientAddresses', label: 'Recipient Address List', type: 'STRING', description: 'Comma-delimited list or collection of recipient email addresses (4,000 bytes at most).', maxOccurs: 150 },
            { name: 'ccAddresses', label: 'CC Recipient Address List', type: 'STRING', description: 'Comma-delimited list or collection of CC recipients.', maxOccurs: 150 },
            { name: 'bccAddresses', label: 'BCC Recipient Address List', type: 'STRING', description: 'Comma-delimited list or collection of BCC recipients.', maxOccurs: 150 },
            { name: 'recipientId', label: 'Recipient ID', type: 'REFERENCE', description: 'ID of a contact, lead, or user to send to.' },
            { name: 'emailSubject', label: 'Subject', type: 'STRING', required: true, description: "The email's subject." },
            { name: 'emailBody', label: 'Body', type: 'TEXTAREA', required: true, description: 'The body of the email.' },
            { name: 'senderType', label: 'Sender Type', type: 'STRING', description: 'Whose address the email comes from.', picklist: ['CurrentUser', 'DefaultWorkflowUser', 'OrgWideEmailAddress'] },
            { name: 'senderAddress', label: 'Sender Address', type: 'STRING', description: 'Organization-wide email address to send from (senderType OrgWideEmailAddress).' },
            { name: 'relatedRecordId', label: 'Related Record ID', type: 'REFERENCE', description: 'Record the email is about.' },
            { name: 'logEmailOnSend', label: 'Log Email on Send', type: 'BOOLEAN', description: 'Log the email as an activity.' },
            { name: 'emailAddresses', label: 'Recipient Address List (before 65.0)', type: 'STRING', description: 'Comma-separated recipients (older API versions).' },
            { name: 'emailAddressesArray', label: 'Recipient Address Collection (before 65.0)', type: 'STRING', description: 'Collection of recipients (older API versions).', maxOccurs: 150 }
        ],
        outputs: [],
        run: sendEmail
    },
    {
        name: 'chatterPost',
        label: 'Post to Chatter',
        type: 'CHATTERPOST',
        description: 'Post to the feed for a specific record, user, or Chatter group.',
        inputs: [
            { name: 'text', label: 'Message', type: 'TEXTAREA', required: true, description: 'The text to post; @[id] mentions a user or group, #[topic] adds a topic.' },
            { name: 'subjectNameOrId', label: 'Target Name or ID', type: 'STRING', required: true, description: 'The user, Chatter group, or record whose feed to post to.' },
            { name: 'type', label: 'Target Type', type: 'STRING', description: 'User or Group, when subjectNameOrId is a name.' },
            { name: 'communityId', label: 'Community ID', type: 'STRING', description: 'The Experience Cloud site to post in.' }
        ],
        outputs: [{ name: 'feedItemId', label: 'Feed Item ID', type: 'STRING', description: 'Id of the new feed item.' }],
        run: chatterPost
    }
];

const FLOWS: ActionDef[] = [
    {
        name: 'Create_Follow_Up_Task',
        label: 'Create Follow-Up Task',
        type: 'FLOW',
        description: 'Creates a follow-up task on a record.',
        inputs: [
            { name: 'recordId', label: 'Record ID', type: 'STRING', required: true, description: 'The record to follow up on.' },
            { name: 'subject', label: 'Subject', type: 'STRING', description: 'Subject of the task (default "Follow up").' },
            { name: 'daysUntilDue', label: 'Days Until Due', type: 'NUMBER', description: 'Due date, in days from today (default 7).' }
        ],
        outputs: [{ name: 'taskId', label: 'Task ID', type: 'STRING', description: 'The task created.' }, INTERVIEW_STATUS],
        run: createFollowUpTask
    },
    {
        name: 'Score_Lead',
        label: 'Score Lead',
        type: 'FLOW',
        description: 'Scores a prospect from its revenue and size.',
        inputs: [
            { name: 'annualRevenue', label: 'Annual Revenue', type: 'NUMBER', required: true, description: 'Yearly revenue.' },
            { name: 'employees', label: 'Employees', type: 'NUMBER', description: 'Number of employees.' }
        ],
        outputs: [
            { name: 'score', label: 'Score', type: 'NUMBER', description: 'Score from 0 to 100.' },
            { name: 'grade', label: 'Grade', type: 'STRING', description: 'A, B or C.' },
            INTERVIEW_STATUS
        ],
        run: scoreLead
    },
    { name: 'Onboarding_Wizard', label: 'Onboarding Wizard', type: 'FLOW', description: 'A screen flow.', inputs: [], outputs: [], hidden: true, run: () => fail('UNKNOWN_EXCEPTION', FLOW_FAULT) }
];

const APEX: ActionDef[] = [
    {
        name: 'AccountNameLookup',
        label: 'Get Account Name',
        type: 'APEX',
        description: 'Returns the name of an account.',
        inputs: [{ name: 'accountId', label: 'Account ID', type: 'ID', required: true, description: 'The account.' }],
        outputs: [{ name: 'accountName', label: 'Account Name', type: 'STRING', description: 'Its name.' }],
        run: accountNameLookup
    }
];

const CUSTOM: Record<string, ActionDef[]> = { apex: APEX, emailAlert: [], flow: FLOWS, quickAction: [] };

/** Most input rows one request may carry (⚠️ emulator's choice). */
const MAX_ROWS = 2000;

function methodNotAllowed(method: string, allowed: string): Res {
    return json(405, [{ message: `HTTP Method '${method}' not allowed. Allowed are ${allowed}`, errorCode: 'METHOD_NOT_ALLOWED' }]);
}

function describe(def: ActionDef, standard: boolean): Record<string, unknown> {
    const param = (p: Param, output: boolean): Record<string, unknown> => ({
        byteLength: 0,
        description: p.description,
        label: p.label,
        maxOccurs: p.maxOccurs ?? 1,
        name: p.name,
        picklistValues: p.picklist ? p.picklist.map((v) => ({ active: true, defaultValue: false, label: v, validFor: null, value: v })) : null,
        required: output ? false : p.required === true,
        sobjectType: p.sobjectType ?? null,
        type: p.type
    });
    return {
        category: null,
        description: def.description,
        inputs: def.inputs.map((p) => param(p, false)),
        label: def.label,
        name: def.name,
        outputs: def.outputs.map((p) => param(p, true)),
        standard,
        targetEntityName: null,
        type: def.type
    };
}

function invoke(req: Req, s: SalesforceState, def: ActionDef, actionType: string): Res {
    const body = jsonBody(req);
    const inputs = body['inputs'];
    if (!Array.isArray(inputs)) throw new SfError(400, 'JSON_PARSER_ERROR', "The request body needs an 'inputs' array");
    if (inputs.length > MAX_ROWS) throw new SfError(400, 'LIMIT_EXCEEDED', `Too many inputs: at most ${MAX_ROWS} per request`);
    const declared = new Map(def.inputs.map((p) => [p.name.toLowerCase(), p]));
    const results = inputs.map((raw) => {
        const row = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
        const unknown = Object.keys(row).find((k) => !declared.has(k.toLowerCase()));
        const missing = def.inputs.find((p) => p.required && (row[p.name] === undefined || row[p.name] === null || row[p.name] === ''));
        const outcome: RowOutcome =
            unknown !== undefined
                ? fail('INVALID_API_INPUT', `Invalid parameter specified: ${unknown}`)
                : missing
                  ? fail('REQUIRED_FIELD_MISSING', `Missing required input parameter: ${missing.name}`)
                  : def.run(s, row);
        return 'error' in outcome
            ? { actionName: def.name, errors: [{ statusCode: outcome.error.statusCode, message: outcome.error.message, fields: [] }], isSuccess: false, outputValues: null, version: 1 }
            : { actionName: def.name, errors: null, isSuccess: true, outputValues: outcome.outputs, version: 1 };
    });
    const status = results.every((r) => r.isSuccess) ? 200 : 400;
    invocableState(s).invocations.push({ actionType, actionName: def.name, inputs: inputs as Array<Record<string, unknown>>, status });
    return json(status, results);
}

function listed(defs: ActionDef[]): Record<string, unknown> {
    return { actions: defs.filter((d) => !d.hidden).map((d) => ({ label: d.label, name: d.name, type: d.type })) };
}

/** /actions/** (parts after "actions", not decoded). */
export function actions(req: Req, s: SalesforceState, version: string, method: string, rawParts: string[]): Res {
    const parts = rawParts.map(decodeURIComponent);
    const base = `/services/data/v${version}/actions`;
    const [kind, a, b] = parts;
    if (kind === 'standard' && a !== undefined) {
        const def = parts.length === 2 ? STANDARD.find((d) => d.name === a) : undefined;
        // Unknown standard actions (convertLead among them: reference §8.1) answer 404 whatever the method.
        if (!def) return { ...json(404, [{ message: `Invalid Action Type: ${a}`, errorCode: 'NOT_FOUND' }]), endpoint: `${method} /actions/standard/{action}` };
        if (method === 'GET') return { ...json(200, describe(def, true)), endpoint: `GET /actions/standard/${def.name}` };
        if (method === 'POST') return { ...invoke(req, s, def, 'standard'), endpoint: `POST /actions/standard/${def.name}` };
        return methodNotAllowed(method, 'GET,HEAD,POST');
    }
    if (kind === 'custom' && a !== undefined && b !== undefined) {
        const type = Object.keys(CUSTOM).find((t) => t === a);
        const def = type && parts.length === 3 ? CUSTOM[type]?.find((d) => d.name === b && !d.hidden) : undefined;
        if (!type || !def) throw notFound();
        if (method === 'GET') return { ...json(200, describe(def, false)), endpoint: `GET /actions/custom/${type}/{action}` };
        if (method === 'POST') return { ...invoke(req, s, def, type), endpoint: `POST /actions/custom/${type}/{action}` };
        return methodNotAllowed(method, 'GET,HEAD,POST');
    }
    if (method !== 'GET') return methodNotAllowed(method, 'GET,HEAD');
    if (kind === undefined) return json(200, { standard: `${base}/standard`, custom: `${base}/custom` });
    if (kind === 'standard' && parts.length === 1) return { ...json(200, listed(STANDARD)), endpoint: 'GET /actions/standard' };
    if (kind === 'custom' && parts.length === 1) {
        const out: Record<string, string> = {};
        for (const t of Object.keys(CUSTOM)) out[t] = `${base}/custom/${t}`;
        return { ...json(200, out), endpoint: 'GET /actions/custom' };
    }
    if (kind === 'custom' && a !== undefined && parts.length === 2) {
        const defs = CUSTOM[a];
        if (!defs || !Object.prototype.hasOwnProperty.call(CUSTOM, a)) throw notFound();
        return { ...json(200, listed(defs)), endpoint: `GET /actions/custom/${a}` };
    }
    throw notFound();
}

/** What the handle exposes to tests. */
export function invocableHandle(s: SalesforceState): {
    emails(): SentEmail[];
    invocations(): Invocation[];
    posts(): FeedPost[];
    setEmailLimits(limits: { singleEmail?: number; workflowEmails?: number }): void;
    emailUsage(): { singleEmail: number; workflowEmails: number };
} {
    return {
        emails: () => [...invocableState(s).emails],
        invocations: () => [...invocableState(s).invocations],
        posts: () => [...chatterState(s).posts],
        setEmailLimits: (limits) => {
            const st = invocableState(s);
            if (limits.singleEmail !== undefined) st.singleEmailMax = limits.singleEmail;
            if (limits.workflowEmails !== undefined) st.workflowEmailMax = limits.workflowEmails;
        },
        emailUsage: () => ({ singleEmail: invocableState(s).singleEmailUsed, workflowEmails: invocableState(s).workflowEmailUsed })
    };
}

/** Daily email limits as /limits shows them: [max, used]. */
export function emailLimits(s: SalesforceState): { single: [number, number]; workflow: [number, number] } {
    const st = invocableState(s);
    return { single: [st.singleEmailMax, st.singleEmailUsed], workflow: [st.workflowEmailMax, st.workflowEmailUsed] };
}

