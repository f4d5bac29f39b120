/**
 * Nango refuses action outputs over 2 MB. For every action whose output size depends on data, a mocked Salesforce
 * answer that would push the output past 2 MB: the action must not fail, its JSON must stay under 2 MB (UTF-8, by
 * Buffer.byteLength), it must say that it is partial in its documented way, and following its continuation must
 * give the remaining rows with none lost or repeated.
 *
 * Known weaknesses are `it.fails` cases with a `// BUG:` comment.
 */
import { describe, expect, it } from 'vitest';

import { AccountObject } from '../../salesforce/models/account.js';
import { ContactObject } from '../../salesforce/models/contact.js';
import { LeadObject } from '../../salesforce/models/lead.js';
import { OpportunityObject } from '../../salesforce/models/opportunity.js';
import { TaskObject } from '../../salesforce/models/task.js';
import { API, TWO_MB, idOf, loadAction, outputBytes, runAction, type ProxyAnswer, type Responder, type RunResult, type SentRequest } from './harness.js';

type Json = Record<string, any>;

async function run(name: string, input: unknown, responder: Responder): Promise<RunResult & { out: Json }> {
    const result = await runAction(await loadAction(name), input, responder);
    expect(result.error, `${name} failed: ${String(result.error)} ${JSON.stringify(result.payload ?? {}).slice(0, 300)}`).toBeUndefined();
    return { ...result, out: result.output as Json };
}

function expectUnder2Mb(output: unknown): number {
    const bytes = outputBytes(output);
    expect(bytes, `output is ${bytes} bytes`).toBeLessThan(TWO_MB);
    return bytes;
}

// ---------------------------------------------------------------------------------------------------------------
// A simulated org answering SOQL pages the way Salesforce does: a locator path carries the row offset it starts at.

const LOCATOR = '01gRO0000016PIAYA2';

interface QueryOrg {
    rows: Json[];
    responder: Responder;
}

/** Text of roughly `bytes` UTF-8 bytes mixing 1-, 2- and 4-byte characters (so a char count would under-measure). */
function wideText(bytes: number, seed: number): string {
    const unit = `r${seed}-ü😀`; // 1 + digits + 1 + 2 + 4 bytes
    return unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit, 'utf8')));
}

function queryOrg(total: number, batch: number, rowBytes: number): QueryOrg {
    const rows = Array.from({ length: total }, (_, i) => ({
        attributes: { type: 'Account', url: `${API}/sobjects/Account/${idOf('001', i + 1)}` },
        Id: idOf('001', i + 1),
        Name: `Row ${i}`,
        Description: wideText(rowBytes, i)
    }));
    const page = (start: number): Json => {
        const records = rows.slice(start, start + batch);
        const end = start + records.length;
        return { totalSize: total, done: end >= total, records, ...(end < total ? { nextRecordsUrl: `${API}/query/${LOCATOR}-${end}` } : {}) };
    };
    const responder: Responder = (req) => {
        if (req.endpoint === `${API}/query` || req.endpoint === `${API}/queryAll`) return { data: page(0) };
        const m = new RegExp(`^${API.replace('.', '\\.')}/query/${LOCATOR}-(\\d+)$`).exec(req.endpoint);
        return m ? { data: page(Number(m[1])) } : { status: 404, data: [{ errorCode: 'NOT_FOUND', message: req.endpoint }] };
    };
    return { rows, responder };
}

/** Runs a query action, then retrieve-query-more on every nextRecordsUrl, and returns every row and every output. */
async function followQuery(first: 'query-records' | 'query-all-records', org: QueryOrg): Promise<{ ids: string[]; outputs: Json[] }> {
    const outputs: Json[] = [];
    let out = (await run(first, { query: 'SELECT Id, Name, Description FROM Account' }, org.responder)).out;
    outputs.push(out);
    let offset = 0;
    for (let guard = 0; guard < 100; guard++) {
        expectUnder2Mb(out);
        offset += (out['records'] as Json[]).length;
        if (out['truncated'] === true || out['done'] === false) {
            expect(out['done']).toBe(false);
        }
        const next = out['nextRecordsUrl'] as string | null;
        if (!next) break;
        // the continuation starts at the row right after the last one returned
        expect(next).toBe(`${API}/query/${LOCATOR}-${offset}`);
        out = (await run('retrieve-query-more', { nextRecordsUrl: next }, org.responder)).out;
        outputs.push(out);
    }
    const ids = outputs.flatMap((o) => (o['records'] as Json[]).map((r) => String(r['Id'])));
    return { ids, outputs };
}

describe('2 MB output boundary: SOQL query pages', () => {
    for (const first of ['query-records', 'query-all-records'] as const) {
        // query-records walks three full pages; query-all-records a cut page followed by a last page that is cut too
        for (const [total, label] of first === 'query-records' ? ([[5_000, 'three full pages']] as const) : ([[2_500, 'a cut page, then a last page cut too']] as const)) {
            it(`${first} → retrieve-query-more: ${total} rows of ~2 KB (${label}), every row exactly once`, async () => {
                const org = queryOrg(total, 2_000, 2_048);
                const { ids, outputs } = await followQuery(first, org);
                expect(outputs[0]?.['truncated']).toBe(true);
                expect(outputs.some((o) => o['truncated'] === true && o['nextRecordsUrl'] === null)).toBe(false);
                expect(ids).toEqual(org.rows.map((r) => r['Id']));
                expect(new Set(ids).size).toBe(total);
                // each cut page is filled close to the limit, not cut needlessly short
                for (const o of outputs.filter((x) => x['truncated'] === true)) expect(outputBytes(o)).toBeGreaterThan(TWO_MB - 200 * 1024);
            });
        }
    }

    it('retrieve-query-more from a continuation locator in the middle of a page keeps the offset arithmetic', async () => {
        const org = queryOrg(6_000, 2_000, 2_048);
        const { out } = await run('retrieve-query-more', { nextRecordsUrl: `${API}/query/${LOCATOR}-1234` }, org.responder);
        expectUnder2Mb(out);
        const records = out['records'] as Json[];
        expect(out['truncated']).toBe(true);
        expect(records[0]?.['Id']).toBe(org.rows[1_234]?.['Id']);
        expect(out['nextRecordsUrl']).toBe(`${API}/query/${LOCATOR}-${1_234 + records.length}`);
    });

    it('query-records: a single-page answer (done: true, no locator) that is cut says truncated with no continuation, as documented', async () => {
        // Salesforce returns up to 2,000 rows with done: true and no nextRecordsUrl: there is no locator to continue
        // from, so the cut rows can only be had by querying again (fewer fields, LIMIT/OFFSET, a narrower WHERE).
        const org = queryOrg(2_000, 2_000, 2_048);
        const { out } = await run('query-records', { query: 'SELECT Id, Description FROM Account' }, org.responder);
        expectUnder2Mb(out);
        expect(out['truncated']).toBe(true);
        expect(out['done']).toBe(false);
        expect(out['nextRecordsUrl']).toBeNull();
        expect((out['records'] as Json[]).length).toBeLessThan(2_000);
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Describes

describe('2 MB output boundary: describes', () => {
    it('describe-global (detail full): 5,000 objects of ~1 KB, nextOffset continues with none lost or repeated', async () => {
        const sobjects = Array.from({ length: 5_000 }, (_, i) => ({
            name: `Obj${i}__c`,
            label: `Object ${i}`,
            labelPlural: `Objects ${i}`,
            keyPrefix: 'a0B',
            custom: true,
            queryable: true,
            urls: { sobject: `${API}/sobjects/Obj${i}__c`, describe: `${API}/sobjects/Obj${i}__c/describe` },
            extra: wideText(900, i)
        }));
        const responder: Responder = () => ({ data: { encoding: 'UTF-8', maxBatchSize: 200, sobjects } });
        const names: string[] = [];
        let offset: number | null = 0;
        let calls = 0;
        while (offset !== null && calls++ < 20) {
            const { out }: { out: Json } = await run('describe-global', { detail: 'full', limit: 5_000, offset }, responder);
            expectUnder2Mb(out);
            expect(out['totalCount']).toBe(5_000);
            names.push(...(out['sobjects'] as Json[]).map((o) => String(o['name'])));
            if (out['nextOffset'] !== null) expect(out['nextOffset']).toBe(names.length);
            offset = out['nextOffset'] as number | null;
        }
        expect(calls).toBeGreaterThan(1);
        expect(names).toEqual(sobjects.map((o) => o.name));
    });

    it('describe-sobject: 3,000 fields with long picklists, nextFieldOffset continues with none lost or repeated', async () => {
        const fields = Array.from({ length: 3_000 }, (_, i) => ({
            name: `F${i}__c`,
            label: `Field ${i}`,
            type: 'picklist',
            length: 255,
            custom: true,
            picklistValues: Array.from({ length: 12 }, (_, j) => ({ active: true, value: `Value ${i}-${j} ${'ü'.repeat(60)}`, label: `Label ${i}-${j} ${'😀'.repeat(20)}`, defaultValue: false }))
        }));
        const responder: Responder = () => ({ data: { name: 'Account', label: 'Account', fields } });
        const names: string[] = [];
        let fieldOffset: number | null = 0;
        let calls = 0;
        while (fieldOffset !== null && calls++ < 50) {
            const { out }: { out: Json } = await run('describe-sobject', { sObject: 'Account', fieldOffset }, responder);
            expectUnder2Mb(out);
            expect(out['fieldCount']).toBe(3_000);
            names.push(...(out['fields'] as Json[]).map((f) => String(f['name'])));
            if (out['nextFieldOffset'] !== null) expect(out['nextFieldOffset']).toBe(names.length);
            fieldOffset = out['nextFieldOffset'] as number | null;
        }
        expect(calls).toBeGreaterThan(1);
        expect(names).toEqual(fields.map((f) => f.name));
    });

    it('get-sobject-basic-info: stays small with the largest real answer (Salesforce lists at most 200 recent items: Id, Name, attributes)', async () => {
        // Not cut by the action: bounded by construction (objectDescribe is summarised; recentItems are ≤ 200 short rows).
        const recentItems = Array.from({ length: 200 }, (_, i) => ({ attributes: { type: 'Account', url: `${API}/sobjects/Account/${idOf('001', i + 1)}` }, Id: idOf('001', i + 1), Name: 'n'.repeat(255) }));
        const { out } = await run('get-sobject-basic-info', { sObject: 'Account' }, () => ({ data: { objectDescribe: { name: 'Account', label: 'x'.repeat(100_000) }, recentItems } }));
        expect(expectUnder2Mb(out)).toBeLessThan(300 * 1024);
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Searches

const searchRecords = (n: number, bytes: number): Json[] =>
    Array.from({ length: n }, (_, i) => ({ attributes: { type: 'Account', url: `${API}/sobjects/Account/${idOf('001', i + 1)}` }, Id: idOf('001', i + 1), Description: wideText(bytes, i) }));

describe('2 MB output boundary: searches', () => {
    it('search-records: 2,000 results of ~2 KB are cut to a prefix and flagged truncated', async () => {
        const records = searchRecords(2_000, 2_048);
        const { out } = await run('search-records', { searchTerm: 'acme', objects: [{ sObject: 'Account', fields: ['Id', 'Description'] }] }, () => ({ data: { searchRecords: records } }));
        expectUnder2Mb(out);
        expect(out['truncated']).toBe(true);
        const kept = out['searchRecords'] as Json[];
        expect(kept).toEqual(records.slice(0, kept.length));
        expect(outputBytes(out)).toBeGreaterThan(TWO_MB - 200 * 1024);
    });

    it('parameterized-search-records: cut and flagged truncated; offset = number kept gives the rest, none lost or repeated', async () => {
        const records = searchRecords(2_000, 2_048);
        const responder: Responder = (req) => {
            const offset = Number((req.data as Json)['offset'] ?? 0);
            return { data: { searchRecords: records.slice(offset) } };
        };
        const ids: string[] = [];
        let offset = 0;
        for (let calls = 0; calls < 10; calls++) {
            const { out }: { out: Json } = await run('parameterized-search-records', { searchTerm: 'acme', offset }, responder);
            expectUnder2Mb(out);
            const kept = out['searchRecords'] as Json[];
            ids.push(...kept.map((r) => String(r['Id'])));
            offset += kept.length;
            if (out['truncated'] !== true) break;
        }
        expect(ids).toEqual(records.map((r) => r['Id']));
    });

    // Was a weakness, now guarded: search-accounts
    it('search-accounts: 200 accounts with 32,000-character descriptions stay under 2 MB', async () => {
        const { out } = await run('search-accounts', { text: 'acme', limit: 200 }, () => ({ data: { searchRecords: typedRows('Account', AccountObject.fields, 200) } }));
        expectUnder2Mb(out);
    });

    it('search-contacts: cannot exceed 2 MB by construction (200 contacts, every model field at its 255-character maximum)', async () => {
        const { out } = await run('search-contacts', { text: 'acme', limit: 200 }, () => ({ data: { searchRecords: typedRows('Contact', ContactObject.fields, 200) } }));
        expect(expectUnder2Mb(out)).toBeLessThan(TWO_MB / 2);
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Composite

const bigBody = (i: number): Json => ({ totalSize: 1, done: true, records: [{ Id: idOf('001', i + 1), Description: wideText(200 * 1024, i) }] });

describe('2 MB output boundary: composite', () => {
    it('composite-request: 25 subresponses of ~200 KB; the largest bodies are omitted and flagged, the rest kept intact', async () => {
        const compositeRequest = Array.from({ length: 25 }, (_, i) => ({ method: 'GET', url: `${API}/sobjects/Account/${idOf('001', i + 1)}`, referenceId: `r${i}` }));
        const subs = compositeRequest.map((s, i) => ({ referenceId: s.referenceId, httpStatusCode: 200, httpHeaders: {}, body: bigBody(i) }));
        const { out } = await run('composite-request', { compositeRequest }, () => ({ data: { compositeResponse: subs } }));
        expectUnder2Mb(out);
        const list = out['compositeResponse'] as Json[];
        expect(list.map((s) => s['referenceId'])).toEqual(compositeRequest.map((s) => s.referenceId));
        expect(list.filter((s) => s['omitted'] === true).length).toBeGreaterThan(0);
        list.forEach((s, i) => {
            expect(s['httpStatusCode']).toBe(200);
            expect(s['body']).toEqual(s['omitted'] ? null : subs[i]?.body);
        });
        expect(out['success']).toBe(true);
    });

    it('composite-batch-request: 25 results of ~200 KB; the largest results are omitted and flagged, the rest kept intact', async () => {
        const batchRequests = Array.from({ length: 25 }, (_, i) => ({ method: 'GET', url: `v66.0/sobjects/Account/${idOf('001', i + 1)}` }));
        const results = batchRequests.map((_, i) => ({ statusCode: 200, result: bigBody(i) }));
        const { out } = await run('composite-batch-request', { batchRequests }, () => ({ data: { hasErrors: false, results } }));
        expectUnder2Mb(out);
        const list = out['results'] as Json[];
        expect(list).toHaveLength(25);
        expect(list.filter((r) => r['omitted'] === true).length).toBeGreaterThan(0);
        list.forEach((r, i) => expect(r['result']).toEqual(r['omitted'] ? null : results[i]?.result));
    });

    it('composite-graph-request: 5 graphs × 5 nodes of ~200 KB; the largest bodies are omitted and flagged across graphs', async () => {
        const graphs = Array.from({ length: 5 }, (_, g) => ({
            graphId: `g${g}`,
            compositeRequest: Array.from({ length: 5 }, (_, n) => ({ method: 'GET', url: `${API}/sobjects/Account/${idOf('001', g * 5 + n + 1)}`, referenceId: `n${n}` }))
        }));
        const answer = {
            graphs: graphs.map((g, gi) => ({
                graphId: g.graphId,
                isSuccessful: true,
                graphResponse: { compositeResponse: g.compositeRequest.map((s, n) => ({ referenceId: s.referenceId, httpStatusCode: 200, httpHeaders: {}, body: bigBody(gi * 5 + n) })) }
            }))
        };
        const { out } = await run('composite-graph-request', { graphs }, () => ({ data: answer }));
        expectUnder2Mb(out);
        const outGraphs = out['graphs'] as Json[];
        expect(outGraphs.map((g) => g['graphId'])).toEqual(graphs.map((g) => g.graphId));
        const nodes = outGraphs.flatMap((g) => g['compositeResponse'] as Json[]);
        expect(nodes).toHaveLength(25);
        expect(nodes.filter((n) => n['omitted'] === true).length).toBeGreaterThan(0);
        nodes.forEach((n, i) => {
            expect(n['referenceId']).toBe(`n${i % 5}`);
            expect(n['body']).toEqual(n['omitted'] ? null : bigBody(i));
        });
    });
});

// ---------------------------------------------------------------------------------------------------------------
// sObject Collections: 5,000 records, every one failing with a long message

/** Answers collection calls (direct or through /composite) with one failed result per record. */
function failingCollections(error: (i: number) => Json): Responder {
    let index = 0;
    const results = (n: number): Json[] => Array.from({ length: n }, () => ({ id: null, success: false, errors: [error(index++)] }));
    const countOf = (method: string, url: string, body: unknown): number =>
        method === 'DELETE' ? (new URLSearchParams(url.split('?')[1] ?? '').get('ids') ?? '').split(',').length : ((body as Json)['records'] as unknown[]).length;
    return (req: SentRequest): ProxyAnswer => {
        if (req.endpoint.endsWith('/composite')) {
            const subs = ((req.data as Json)['compositeRequest'] as Json[]).map((s) => ({ referenceId: s['referenceId'], httpStatusCode: 200, body: results(countOf(String(s['method']), String(s['url']), s['body'])) }));
            return { data: { compositeResponse: subs } };
        }
        const n = req.method === 'DELETE' ? (req.params?.['ids'] ?? '').split(',').length : ((req.data as Json)['records'] as unknown[]).length;
        return { data: results(n) };
    };
}

const COLLECTION_INPUTS: Record<string, (i: number) => unknown> = {
    'create-sobject-collection': (i) => ({ Name: `A${i}` }),
    'update-sobject-collection': (i) => ({ recordId: idOf('001', i + 1), record: { Name: `A${i}` } }),
    'upsert-sobject-collection': (i) => ({ Ext__c: `E${i}`, Name: `A${i}` }),
    'delete-sobject-collection': (i) => idOf('001', i + 1)
};

function collectionInput(name: string, n: number): Json {
    const make = COLLECTION_INPUTS[name] as (i: number) => unknown;
    const items = Array.from({ length: n }, (_, i) => make(i));
    if (name === 'delete-sobject-collection') return { recordIds: items };
    if (name === 'upsert-sobject-collection') return { sObject: 'Account', externalIdField: 'Ext__c', records: items };
    return { sObject: 'Account', records: items };
}

describe('2 MB output boundary: sObject collections', () => {
    for (const name of Object.keys(COLLECTION_INPUTS)) {
        it(`${name}: 5,000 failures with 1.2 KB messages (6 MB) keep every result, messagesTrimmed`, async () => {
            const responder = failingCollections((i) => ({ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: `#${i} ${wideText(1_200, i)}`, fields: ['Name'] }));
            const { out, sent } = await run(name, collectionInput(name, 5_000), responder);
            expect(sent).toHaveLength(5);
            expectUnder2Mb(out);
            expect(out['messagesTrimmed']).toBe(true);
            const results = out['results'] as Json[];
            const summary = results.map((r, i) => {
                const e = (r['errors'] as Json[])[0] ?? {};
                return r['index'] === i && r['success'] === false && e['errorCode'] === 'FIELD_CUSTOM_VALIDATION_EXCEPTION' && e['fields']?.[0] === 'Name' ? 'ok' : JSON.stringify(r).slice(0, 200);
            });
            expect(summary.filter((x) => x !== 'ok')).toEqual([]);
            expect(summary).toHaveLength(5_000);
            // messages are shortened, not dropped, when shortening suffices
            expect(String((results[0]?.['errors'] as Json[])[0]?.['message']).startsWith('#0 ')).toBe(true);
        });
    }

    // Was a weakness, now guarded: fitOutcome
    it('create-sobject-collection: 5,000 REQUIRED_FIELD_MISSING errors naming 40 fields each stay under 2 MB', async () => {
        const fields = Array.from({ length: 40 }, (_, j) => `Required_Field_${j}__c`);
        const responder = failingCollections(() => ({ statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${fields.join(', ')}]`, fields }));
        const { out } = await run('create-sobject-collection', collectionInput('create-sobject-collection', 5_000), responder);
        expectUnder2Mb(out);
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Typed list and search actions, and the small ones

/** Rows of a typed object with every model field filled at its maximum: 32,000 characters for Description. */
function typedRows(sObject: string, fields: readonly string[], n: number): Json[] {
    return Array.from({ length: n }, (_, i) => {
        const row: Json = { attributes: { type: sObject } };
        for (const field of fields) {
            const [head = field, tail] = field.split('.');
            const value: unknown =
                field === 'Id'
                    ? idOf(AccountPrefix[sObject] ?? '001', i + 1)
                    : /Date$|Modstamp$/.test(field)
                      ? '2024-01-31T10:00:00.000+0000'
                      : /^Is|^Has/.test(field)
                        ? true
                        : /Revenue|NumberOf|Amount|Probability|Latitude|Longitude/.test(field)
                          ? 123456789
                          : /Id$/.test(field)
                            ? idOf('005', i + 1)
                            : field === 'Description'
                              ? 'd'.repeat(32_000)
                              : 'x'.repeat(255);
            if (tail) row[head] = { [tail]: 'x'.repeat(255) };
            else row[field] = value;
        }
        return row;
    });
}
const AccountPrefix: Record<string, string> = { Account: '001', Contact: '003', Lead: '00Q', Opportunity: '006', Task: '00T' };

const listAnswer =
    (sObject: string, fields: readonly string[]): Responder =>
    () => ({ data: { totalSize: 201, done: true, records: typedRows(sObject, fields, 201) } });

describe('2 MB output boundary: typed list and search actions', () => {
    const objects = [
        ['list-accounts', 'Account', AccountObject.fields],
        ['list-leads', 'Lead', LeadObject.fields],
        ['list-opportunities', 'Opportunity', OpportunityObject.fields],
        ['list-tasks', 'Task', TaskObject.fields]
    ] as const;
    for (const [name, sObject, fields] of objects) {
        // Was a weakness, now guarded: listTyped
        it(`${name}: 200 ${sObject} records with 32,000-character descriptions stay under 2 MB`, async () => {
            const { out } = await run(name, { limit: 200 }, listAnswer(sObject, fields));
            expectUnder2Mb(out);
        });
    }

    it('list-contacts: cannot exceed 2 MB by construction (200 contacts, every model field at its 255-character maximum)', async () => {
        const { out } = await run('list-contacts', { limit: 200 }, listAnswer('Contact', ContactObject.fields));
        expect(expectUnder2Mb(out)).toBeLessThan(TWO_MB / 2);
        expect(out['nextCursor']).not.toBeNull();
    });
});

describe('2 MB output boundary: actions bounded by construction', () => {
    it('list-recent-items: 200 items (Salesforce maximum) with 255-character names stay far under 2 MB', async () => {
        const items = Array.from({ length: 200 }, (_, i) => ({ attributes: { type: 'Account', url: `${API}/sobjects/Account/${idOf('001', i + 1)}` }, Id: idOf('001', i + 1), Name: 'n'.repeat(255) }));
        const { out } = await run('list-recent-items', { limit: 200 }, () => ({ data: items }));
        expect(expectUnder2Mb(out)).toBeLessThan(200 * 1024);
    });

    it('list-quick-actions: 500 quick actions with their urls stay far under 2 MB', async () => {
        const actions = Array.from({ length: 500 }, (_, i) => ({
            name: `Account.Action_${i}`,
            label: 'l'.repeat(80),
            type: 'Create',
            urls: { quickAction: `${API}/sobjects/Account/quickActions/Action_${i}`, describe: `${API}/sobjects/Account/quickActions/Action_${i}/describe`, defaultValues: `${API}/sobjects/Account/quickActions/Action_${i}/defaultValues` }
        }));
        const { out } = await run('list-quick-actions', { sObject: 'Account' }, () => ({ data: actions }));
        expect(expectUnder2Mb(out)).toBeLessThan(400 * 1024);
    });

    it('get-limits: 500 limits stay far under 2 MB', async () => {
        const limits = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`Limit${i}`, { Max: 1_000_000, Remaining: i }]));
        const { out } = await run('get-limits', {}, () => ({ data: limits }));
        expect(expectUnder2Mb(out)).toBeLessThan(100 * 1024);
    });
});
