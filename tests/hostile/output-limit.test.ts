/**
 * Nango refuses action outputs over 2 MB. For every action whose output size depends on data, a mocked Salesforce
 * answer that would push the output past 2 MB: the action must not fail, its JSON must stay under 2 MB (UTF-8, by
 * Buffer.byteLength), it must say that it is partial in its documented way, and following its continuation must
 * give the remaining rows with none lost or repeated.
 *
 * Known weaknesses are `it.fails` cases with a `// BUG:` comment.
 */
import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { AccountObject } from '../../salesforce/models/account.js';
import { CampaignMemberObject } from '../../salesforce/models/campaign-member.js';
import { ContactObject } from '../../salesforce/models/contact.js';
import { LeadObject } from '../../salesforce/models/lead.js';
import { OpportunityObject } from '../../salesforce/models/opportunity.js';
import { TaskObject } from '../../salesforce/models/task.js';
import { API, IDS, TWO_MB, idOf, loadAction, outputBytes, runAction, type ProxyAnswer, type Responder, type RunResult, type SentRequest } from './harness.js';

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

/** Options of a simulated org: the query resource (`${API}/tooling` for the Tooling API) and the rows it holds. */
interface QueryOrgOptions {
    base?: string;
    row?: (i: number) => Json;
}

function queryOrg(total: number, batch: number, rowBytes: number, options: QueryOrgOptions = {}): QueryOrg {
    const base = options.base ?? API;
    const rows = Array.from(
        { length: total },
        (_, i) =>
            options.row?.(i) ?? {
                attributes: { type: 'Account', url: `${API}/sobjects/Account/${idOf('001', i + 1)}` },
                Id: idOf('001', i + 1),
                Name: `Row ${i}`,
                Description: wideText(rowBytes, i)
            }
    );
    const page = (start: number, size = batch): Json => {
        const records = rows.slice(start, start + size);
        const end = start + records.length;
        return { totalSize: total, done: end >= total, records, ...(end < total ? { nextRecordsUrl: `${base}/query/${LOCATOR}-${end}` } : {}) };
    };
    const responder: Responder = (req) => {
        // Sforce-Query-Options: batchSize=N sets the page size, as Salesforce does
        const asked = /batchSize=(\d+)/.exec(req.headers?.['Sforce-Query-Options'] ?? '');
        if (req.endpoint === `${base}/query` || req.endpoint === `${base}/queryAll`) return { data: page(0, asked ? Number(asked[1]) : batch) };
        const m = new RegExp(`^${base.replace('.', '\\.')}/query/${LOCATOR}-(\\d+)$`).exec(req.endpoint);
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

    it('query-records: a single-page answer (done: true, no locator) that must be cut is read again in smaller pages, whose locator continues: every row exactly once', async () => {
        // Salesforce returns up to 2,000 rows with done: true and no nextRecordsUrl: cut, it would leave no locator for
        // the rest, so the action asks again with Sforce-Query-Options batchSize = the rows that fitted (one more call)
        const org = queryOrg(2_000, 2_000, 2_048);
        const first = await run('query-records', { query: 'SELECT Id, Description FROM Account' }, org.responder);
        expectUnder2Mb(first.out);
        // the page of the second query holds what fitted, whole (not cut), and its locator continues
        expect(first.out['truncated']).toBe(false);
        const fitted = (first.out['records'] as Json[]).length;
        expect(fitted).toBeGreaterThan(500);
        expect(fitted).toBeLessThan(2_000);
        expect(first.sent.map((r) => r.headers?.['Sforce-Query-Options'] ?? '')).toEqual(['', `batchSize=${fitted}`]);
        expect(first.out['nextRecordsUrl']).toBe(`${API}/query/${LOCATOR}-${fitted}`);
        const ids = (first.out['records'] as Json[]).map((r) => String(r['Id']));
        let next = first.out['nextRecordsUrl'] as string | null;
        while (next) {
            const more = await run('retrieve-query-more', { nextRecordsUrl: next }, org.responder);
            expectUnder2Mb(more.out);
            ids.push(...(more.out['records'] as Json[]).map((r) => String(r['Id'])));
            next = more.out['nextRecordsUrl'] as string | null;
        }
        expect(ids).toEqual(org.rows.map((r) => String(r['Id'])));
    });

    it('query-records: rows so large that even 200 do not fit in one page: the cut page says truncated with no continuation, as documented', async () => {
        const org = queryOrg(150, 2_000, 16_384);
        const { out, sent } = await run('query-records', { query: 'SELECT Id, Description FROM Account' }, org.responder);
        expectUnder2Mb(out);
        expect(out['truncated']).toBe(true);
        expect(out['nextRecordsUrl']).toBeNull();
        // pages of 200 would hold all 150 rows again: no second request
        expect(sent).toHaveLength(1);
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

// ---------------------------------------------------------------------------------------------------------------
// The actions of issues 15 and 16 whose output grows with data

/**
 * Calls an action again and again with the continuation its last output gave (`next` returns the next input, or null
 * at the end), checking every output stays under 2 MB; returns the outputs. Fails past `maxCalls` (a continuation
 * that does not move on would loop for ever).
 */
async function follow(name: string, first: Json, responder: Responder, next: (out: Json, input: Json) => Json | null, maxCalls = 50): Promise<Json[]> {
    const outputs: Json[] = [];
    let input: Json | null = first;
    while (input !== null) {
        expect(outputs.length, `${name} still continuing after ${maxCalls} calls`).toBeLessThan(maxCalls);
        const { out }: { out: Json } = await run(name, input, responder);
        expectUnder2Mb(out);
        outputs.push(out);
        input = next(out, input);
    }
    return outputs;
}

/** Text of exactly `chars` UTF-16 units of 3-byte characters (a 255-character field at its largest in UTF-8). */
const cjk = (chars: number, seed: number): string => `${seed}`.padEnd(chars, '漢').slice(0, chars);

describe('2 MB output boundary: files', () => {
    const versionId = idOf('068', 1);
    const size = 5_000_000;
    const content = Buffer.alloc(size);
    for (let i = 0; i < size; i++) content[i] = (i * 31 + (i >> 9)) & 0xff;
    const row = {
        attributes: { type: 'ContentVersion', url: `${API}/sobjects/ContentVersion/${versionId}` },
        Id: versionId,
        ContentDocumentId: idOf('069', 1),
        Title: 'ü😀'.repeat(85),
        PathOnClient: `${'ü😀'.repeat(83)}.bin`,
        FileExtension: 'bin',
        FileType: 'UNKNOWN',
        ContentSize: size,
        VersionNumber: '1',
        Checksum: createHash('md5').update(content).digest('hex'),
        IsLatest: true,
        IsDeleted: false,
        CreatedDate: '2026-01-31T10:00:00.000+0000',
        ContentModifiedDate: '2026-01-31T10:00:00.000+0000'
    };
    const fileOrg =
        (honoursRange: boolean): Responder =>
        (req) => {
            if (/\/query(All)?$/.test(req.endpoint)) return { data: { totalSize: 1, done: true, records: [row] } };
            if (!req.endpoint.endsWith(`/sobjects/ContentVersion/${versionId}/VersionData`)) return { status: 404, data: [{ errorCode: 'NOT_FOUND', message: req.endpoint }] };
            const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers?.['Range'] ?? '');
            if (!range || !honoursRange) return { status: 200, data: content };
            const [start, end] = [Number(range[1]), Number(range[2])];
            return { status: 206, data: content.subarray(start, end + 1), headers: { 'content-range': `bytes ${start}-${end}/${size}` } };
        };

    for (const honoursRange of [true, false]) {
        it(`download-file: a 5 MB file in byte ranges under 2 MB each (${honoursRange ? '206 ranges' : 'Range not honoured: cut locally'}); joined they give the file byte for byte`, async () => {
            const outputs = await follow('download-file', { fileId: versionId }, fileOrg(honoursRange), (out) => (out['done'] === true ? null : { fileId: out['contentVersionId'], offset: out['nextOffset'] }));
            expect(outputs.length).toBe(4);
            let offset = 0;
            for (const out of outputs) {
                // the partial ones say so: done false, nextOffset right after the last byte
                expect(out['range']['start']).toBe(offset);
                offset = out['range']['end'] + 1;
                expect(out['nextOffset']).toBe(out['done'] ? null : offset);
                expect(out['contentVersionId']).toBe(versionId);
            }
            expect(outputs.map((o) => o['done'])).toEqual([false, false, false, true]);
            // the base64 texts join (every range but the last a multiple of 3 bytes)
            expect(Buffer.from(outputs.map((o) => String(o['contentBase64'])).join(''), 'base64').equals(content)).toBe(true);
            expect(outputBytes(outputs[0])).toBeGreaterThan(TWO_MB - 100 * 1024);
        });
    }

    it('list-record-files: 450 links with 255-character titles of 3-byte characters, 200 a page, stay under 2 MB; nextCursor gives each link once', async () => {
        const links = Array.from({ length: 450 }, (_, i) => ({
            attributes: { type: 'ContentDocumentLink' },
            Id: idOf('06A', i + 1),
            ContentDocumentId: idOf('069', i + 1),
            ShareType: 'V',
            Visibility: 'AllUsers',
            ContentDocument: {
                attributes: { type: 'ContentDocument' },
                Title: cjk(255, i),
                FileExtension: cjk(40, i),
                FileType: 'UNKNOWN',
                ContentSize: 1_000_000 + i,
                LatestPublishedVersionId: idOf('068', i + 1),
                OwnerId: idOf('005', 1),
                CreatedDate: '2026-01-31T10:00:00.000+0000',
                LastModifiedDate: '2026-01-31T10:00:00.000+0000'
            }
        }));
        const responder: Responder = (req) => {
            const q = req.params?.['q'] ?? '';
            const after = /Id > '([A-Za-z0-9]{18})'/.exec(q)?.[1];
            const limit = Number(/LIMIT (\d+)/.exec(q)?.[1] ?? 2000);
            const start = after ? links.findIndex((l) => l.Id === after) + 1 : 0;
            const records = links.slice(start, start + limit);
            return { data: { totalSize: records.length, done: true, records } };
        };
        const outputs = await follow('list-record-files', { recordId: IDS.account, limit: 200 }, responder, (out, input) => (out['nextCursor'] ? { ...input, cursor: out['nextCursor'] } : null));
        expect(outputs.map((o) => (o['files'] as Json[]).length)).toEqual([200, 200, 50]);
        expect(outputs.flatMap((o) => (o['files'] as Json[]).map((f) => f['linkId']))).toEqual(links.map((l) => l.Id));
        // bounded by construction: the largest page is far from the limit
        for (const o of outputs) expect(outputBytes(o)).toBeLessThan(TWO_MB / 2);
    });
});

describe('2 MB output boundary: Bulk API results', () => {
    it('get-bulk-job-results: 12,000 successful rows of ~450 bytes (5 MB of CSV) come in pages under 2 MB; nextOffset gives each row once, in order', async () => {
        const jobId = idOf('750', 1);
        const rows = Array.from({ length: 12_000 }, (_, i) => ({ id: idOf('003', i + 1), lastName: `Ng ${i}`, note: `"${wideText(400, i)}, ""quoted"""` }));
        const csv = ['"sf__Id","sf__Created",LastName,Description', ...rows.map((r) => `"${r.id}","true","${r.lastName}",${r.note}`)].join('\n') + '\n';
        const responder: Responder = (req) => {
            if (req.endpoint.endsWith('/successfulResults')) return { data: csv, headers: { 'content-type': 'text/csv' } };
            if (req.endpoint.endsWith(`/jobs/ingest/${jobId}`)) return { data: { id: jobId, state: 'JobComplete', object: 'Contact', operation: 'insert', columnDelimiter: 'COMMA', lineEnding: 'LF' } };
            return undefined;
        };
        const outputs = await follow('get-bulk-job-results', { jobId, results: 'successful' }, responder, (out, input) => (out['nextOffset'] === null ? null : { ...input, offset: out['nextOffset'] }));
        expect(outputs.length).toBeGreaterThan(2);
        expect(outputs.slice(0, -1).every((o) => o['truncated'] === true)).toBe(true);
        expect(outputs.at(-1)?.['truncated']).toBe(false);
        const got = outputs.flatMap((o) => o['rows'] as Json[]);
        expect(got.map((r) => r['recordId'])).toEqual(rows.map((r) => r.id));
        // the fields survive the cut: quotes and commas inside a field kept
        expect(got[11_999]?.['fields']).toEqual({ LastName: 'Ng 11999', Description: `${wideText(400, 11_999)}, "quoted"` });
        let offset = 0;
        for (const o of outputs) {
            expect(o['offset']).toBe(offset);
            offset += (o['rows'] as Json[]).length;
        }
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Reports and dashboards: no continuation (a run returns at most 2,000 rows); a cut says truncated with advice

/** A tabular report run with `n` detail rows of eight 255-character text columns (labels as Salesforce shows them). */
function tabularReport(n: number): Json {
    const columns = Array.from({ length: 8 }, (_, c) => `Account.Text${c}__c`);
    return {
        attributes: { reportId: idOf('00O', 1), reportName: 'Every account', type: 'Report' },
        allData: true,
        hasExceededTabularRowLimit: false,
        reportMetadata: { id: idOf('00O', 1), name: 'Every account', reportFormat: 'TABULAR', detailColumns: columns, aggregates: ['RowCount'], groupingsDown: [], groupingsAcross: [] },
        reportExtendedMetadata: {
            detailColumnInfo: Object.fromEntries(columns.map((c, i) => [c, { label: `Text ${i}`, dataType: 'string' }])),
            aggregateColumnInfo: { RowCount: { label: 'Record Count', dataType: 'int' } }
        },
        groupingsDown: { groupings: [] },
        groupingsAcross: { groupings: [] },
        factMap: {
            'T!T': {
                aggregates: [{ label: String(n), value: n }],
                rows: Array.from({ length: n }, (_, r) => ({ dataCells: columns.map((_, c) => ({ label: cjk(255, r * 8 + c), value: cjk(255, r * 8 + c) })) }))
            }
        }
    };
}

function expectCutReport(out: Json, total: number): void {
    expectUnder2Mb(out);
    expect(out['truncated']).toBe(true);
    expect(String(out['advice'])).toContain("fit in Nango's 2 MB output");
    const rows = out['rows'] as Json[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(total);
    // a prefix, in order, each row whole
    rows.forEach((r, i) => expect(r).toEqual(Object.fromEntries(Array.from({ length: 8 }, (_, c) => [`Text ${c}`, cjk(255, i * 8 + c)]))));
    expect(out['detailRowCount']).toBe(total);
    expect(out['grandTotals']).toEqual({ 'Record Count': total });
    expect(outputBytes(out)).toBeGreaterThan(TWO_MB - 200 * 1024);
}

describe('2 MB output boundary: reports and dashboards', () => {
    it('run-report: 2,000 rows of eight 255-character columns (12 MB) are cut to a prefix, truncated with advice; totals kept', async () => {
        const { out } = await run('run-report', { reportId: idOf('00O', 1) }, () => ({ data: tabularReport(2_000) }));
        expectCutReport(out, 2_000);
    });

    it('get-report-instance: a finished run of the same size is cut the same way, with its instance status', async () => {
        const instanceId = idOf('0LG', 1);
        const answer = { ...tabularReport(2_000), attributes: { ...tabularReport(0)['attributes'], id: instanceId, status: 'Success', requestDate: '2026-11-22T11:00:00Z', completionDate: '2026-11-22T11:00:05Z' } };
        const { out } = await run('get-report-instance', { reportId: idOf('00O', 1), instanceId }, () => ({ data: answer }));
        expectCutReport(out, 2_000);
        expect(out).toMatchObject({ instanceId, status: 'Success', ready: true });
    });

    it("get-dashboard: 20 components of 1,000 groups with 255-character labels (12 MB) keep every component, each groups list a prefix, truncated", async () => {
        const dashboardId = idOf('01Z', 1);
        const components = Array.from({ length: 20 }, (_, c) => ({ id: `01a${String(c).padStart(12, '0')}`, title: `Component ${c}`, type: 'Report', reportId: idOf('00O', c + 1), properties: { visualizationType: 'Bar' } }));
        const groupsOf = (c: number): Json[] => Array.from({ length: 1_000 }, (_, g) => ({ key: String(g), label: cjk(255, c * 1_000 + g), value: `v${g}`, groupings: [] }));
        const componentData = components.map((comp, c) => ({
            componentId: comp.id,
            status: { dataStatus: 'DATA', refreshDate: '2026-11-22T10:00:00.000Z', errorCode: null, errorMessage: null, errorSeverity: null },
            reportResult: {
                reportMetadata: { id: comp.reportId, reportFormat: 'SUMMARY', detailColumns: [], groupingsDown: [{ name: 'ACCOUNT.NAME' }], aggregates: ['RowCount'] },
                reportExtendedMetadata: { groupingColumnInfo: { 'ACCOUNT.NAME': { label: 'Account Name', dataType: 'string' } }, aggregateColumnInfo: { RowCount: { label: 'Record Count' } } },
                groupingsDown: { groupings: groupsOf(c) },
                factMap: { 'T!T': { aggregates: [{ label: '1000', value: 1_000 }] }, ...Object.fromEntries(groupsOf(c).map((g) => [`${g['key']}!T`, { aggregates: [{ label: '1', value: 1 }] }])) }
            }
        }));
        const answer = { dashboardMetadata: { id: dashboardId, name: 'Accounts', developerName: 'Accounts', dashboardType: 'SpecifiedUser', runningUser: { id: idOf('005', 1), displayName: 'Ada' }, filters: [], components }, componentData };
        const { out } = await run('get-dashboard', { dashboardId }, () => ({ data: answer }));
        expectUnder2Mb(out);
        expect(out['truncated']).toBe(true);
        const got = out['components'] as Json[];
        expect(got.map((c) => c['componentId'])).toEqual(components.map((c) => c.id));
        got.forEach((comp, c) => {
            const groups = comp['groups'] as Json[];
            expect(groups).toEqual(groupsOf(c).slice(0, groups.length).map((g) => ({ key: `${g['key']}!T`, groupings: { 'Account Name': g['label'] }, aggregates: { 'Record Count': 1 } })));
            expect(comp['grandTotals']).toEqual({ 'Record Count': 1_000 });
        });
        expect(outputBytes(out)).toBeGreaterThan(TWO_MB - 200 * 1024);
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Lists with a continuation

/** A pending approval work item with its record's and approver's names at 255 characters of 3-byte characters. */
const workItem = (i: number): Json => ({
    attributes: { type: 'ProcessInstanceWorkitem', url: `${API}/sobjects/ProcessInstanceWorkitem/${idOf('04i', i + 1)}` },
    Id: idOf('04i', i + 1),
    ProcessInstanceId: idOf('04g', i + 1),
    ProcessInstance: { attributes: { type: 'ProcessInstance' }, TargetObjectId: idOf('006', i + 1), Status: 'Pending', TargetObject: { attributes: { type: 'Name' }, Name: cjk(255, i), Type: 'Opportunity' } },
    ActorId: idOf('005', 1),
    Actor: { attributes: { type: 'Name' }, Name: cjk(255, i + 1) },
    OriginalActorId: idOf('005', 1),
    CreatedDate: '2026-03-02T09:30:00.000+0000'
});

describe('2 MB output boundary: lists with a continuation', () => {
    it('list-invocable-actions (includeParameters): 60 flows whose describes are ~150 KB each; pages cut under 2 MB, nextOffset gives each flow once', async () => {
        const names = Array.from({ length: 60 }, (_, i) => `Flow_${String(i).padStart(2, '0')}`);
        const describeOf = (name: string): Json => ({
            label: name,
            description: wideText(2_000, 0),
            inputs: Array.from({ length: 50 }, (_, p) => ({ name: `in${p}`, label: `In ${p}`, type: 'STRING', required: false, description: wideText(3_000, p), maxOccurs: 1, sobjectType: null, picklistValues: null })),
            outputs: []
        });
        const responder: Responder = (req) => {
            if (req.endpoint === `${API}/actions/custom/flow`) return { data: { actions: names.map((name) => ({ label: name, name, type: 'FLOW' })) } };
            const m = new RegExp(`^${API}/actions/custom/flow/(\\w+)$`).exec(req.endpoint);
            return m ? { data: describeOf(m[1] ?? '') } : { status: 404, data: [{ errorCode: 'NOT_FOUND', message: req.endpoint }] };
        };
        const first = { kind: 'custom', customTypes: ['flow'], includeParameters: true, limit: 25 };
        const outputs = await follow('list-invocable-actions', first, responder, (out, input) => (out['nextOffset'] !== null ? { ...input, offset: out['nextOffset'] } : null));
        expect(outputs[0]?.['truncated']).toBe(true);
        expect(outputs.every((o) => o['totalSize'] === 60)).toBe(true);
        const got = outputs.flatMap((o) => o['actions'] as Json[]);
        expect(got.map((a) => a['name'])).toEqual(names);
        expect(got.every((a) => (a['inputs'] as Json[]).length === 50 && a['describeError'] === null)).toBe(true);
    });

    it('list-invocable-actions (includeParameters): one flow whose describe alone passes 2 MB does not stall nextOffset', async () => {
        const names = ['Flow_A', 'Flow_Huge', 'Flow_Z'];
        const responder: Responder = (req) => {
            if (req.endpoint === `${API}/actions/custom/flow`) return { data: { actions: names.map((name) => ({ label: name, name, type: 'FLOW' })) } };
            const name = req.endpoint.split('/').pop() ?? '';
            const inputs = Array.from({ length: name === 'Flow_Huge' ? 800 : 2 }, (_, p) => ({ name: `in${p}`, label: `In ${p}`, type: 'STRING', required: false, description: wideText(3_000, p) }));
            return { data: { label: name, description: 'd', inputs, outputs: [] } };
        };
        const first = { kind: 'custom', customTypes: ['flow'], includeParameters: true, limit: 25 };
        const outputs = await follow('list-invocable-actions', first, responder, (out, input) => (out['nextOffset'] !== null ? { ...input, offset: out['nextOffset'] } : null), 10);
        const got = outputs.flatMap((o) => o['actions'] as Json[]);
        expect(got.map((a) => a['name'])).toEqual(names);
        // the one too large is listed without its parameters, saying why
        expect(got[1]).toMatchObject({ inputs: null, outputs: null, describeError: expect.stringContaining('2 MB') });
    });

    it('list-related-records: 5,000 children of ~2 KB through nextRecordsUrl, every row exactly once', async () => {
        const org = queryOrg(5_000, 2_000, 2_048, {
            row: (i) => ({ attributes: { type: 'Contact', url: `${API}/sobjects/Contact/${idOf('003', i + 1)}` }, Id: idOf('003', i + 1), Description: wideText(2_048, i) })
        });
        const describe = { name: 'Account', fields: [], childRelationships: [{ relationshipName: 'Contacts', childSObject: 'Contact', field: 'AccountId', cascadeDelete: false }] };
        const responder: Responder = (req, i) => (req.endpoint === `${API}/sobjects/Account/describe` ? { data: describe } : org.responder(req, i));
        const first = { sObject: 'Account', recordId: IDS.account, relationship: 'Contacts', fields: ['Id', 'Description'] };
        const outputs = await follow('list-related-records', first, responder, (out, input) => (out['nextRecordsUrl'] ? { ...input, nextRecordsUrl: out['nextRecordsUrl'] } : null));
        expect(outputs[0]?.['truncated']).toBe(true);
        const ids = outputs.flatMap((o) => (o['records'] as Json[]).map((r) => r['Id']));
        expect(ids).toEqual(org.rows.map((r) => r['Id']));
        expect(outputs.every((o) => o['childSObject'] === 'Contact' && o['lookupField'] === 'AccountId')).toBe(true);
    });

    it('list-campaign-members: 600 members, every text field 255 characters of 3-byte characters (200 = 3 MB); pages cut, nextCursor gives each member once', async () => {
        const members = Array.from({ length: 600 }, (_, i) => {
            const row: Json = { attributes: { type: 'CampaignMember' } };
            for (const field of CampaignMemberObject.fields) {
                const [head = field, tail] = field.split('.');
                if (tail) row[head] = { [tail]: cjk(255, i) };
                else if (field === 'Id') row[field] = idOf('00v', i + 1);
                else if (/Date$|Modstamp$/.test(field)) row[field] = new Date(Date.UTC(2026, 0, 1) + (600 - i) * 60_000).toISOString().replace('Z', '+0000');
                else if (/^Is|^Has/.test(field)) row[field] = true;
                else if (/Id$/.test(field)) row[field] = field === 'CampaignId' ? IDS.campaign : idOf('003', i + 1);
                else row[field] = cjk(255, i);
            }
            return row;
        });
        // the org sorts by CreatedDate descending (then Id); a cursor asks for the rows after the last one returned
        const responder: Responder = (req) => {
            const q = req.params?.['q'] ?? '';
            const limit = Number(/LIMIT (\d+)/.exec(q)?.[1] ?? 2000);
            const after = /Id < '([A-Za-z0-9]{18})'/.exec(q)?.[1];
            const start = after ? members.findIndex((m) => m['Id'] === after) + 1 : 0;
            const records = members.slice(start, start + limit);
            return { data: { totalSize: records.length, done: true, records } };
        };
        const outputs = await follow('list-campaign-members', { campaignId: IDS.campaign, limit: 200 }, responder, (out, input) => (out['nextCursor'] ? { ...input, cursor: out['nextCursor'] } : null));
        expect(outputs.length).toBeGreaterThan(3);
        const ids = outputs.flatMap((o) => (o['members'] as Json[]).map((m) => m['id']));
        expect(ids).toEqual(members.map((m) => m['Id']));
    });

    it('list-pending-approvals: 5,000 work items with 255-character record and approver names through nextRecordsUrl, every item exactly once', async () => {
        const org = queryOrg(5_000, 2_000, 0, { row: workItem });
        const outputs = await follow('list-pending-approvals', {}, org.responder, (out) => (out['nextRecordsUrl'] ? { nextRecordsUrl: out['nextRecordsUrl'] } : null));
        expect(outputs[0]?.['truncated']).toBe(true);
        const ids = outputs.flatMap((o) => (o['workItems'] as Json[]).map((w) => w['workItemId']));
        expect(ids).toEqual(org.rows.map((r) => r['Id']));
        expect((outputs[0]?.['workItems'] as Json[])[0]).toMatchObject({ recordName: cjk(255, 0), approverName: cjk(255, 1), recordType: 'Opportunity' });
    });

    it('list-pending-approvals: 2,000 work items in one page (done, no locator) that is cut still continues with nextRecordsUrl, as its output says', async () => {
        // Salesforce answers a query of at most 2,000 rows in one page with done true and no nextRecordsUrl: a cut of
        // that page has no locator to continue from, yet truncated promises "nextRecordsUrl continues right after it".
        const org = queryOrg(2_000, 2_000, 0, { row: workItem });
        const small = queryOrg(2_000, 200, 0, { row: workItem });
        // the org honours batchSize (Sforce-Query-Options) on a first page
        const responder: Responder = (req, i) => {
            const batch = /batchSize=(\d+)/.exec(req.headers?.['Sforce-Query-Options'] ?? '')?.[1];
            return (batch && Number(batch) <= 200 ? small : org).responder(req, i);
        };
        const outputs = await follow('list-pending-approvals', {}, responder, (out) => (out['nextRecordsUrl'] ? { nextRecordsUrl: out['nextRecordsUrl'] } : null));
        const ids = outputs.flatMap((o) => (o['workItems'] as Json[]).map((w) => w['workItemId']));
        expect(ids).toEqual(org.rows.map((r) => r['Id']));
        for (const o of outputs) if (o['truncated'] === true) expect(o['nextRecordsUrl']).not.toBeNull();
    });

    it('run-tooling-query: 5,000 ApexClass rows of ~2 KB through Tooling locators, every row exactly once', async () => {
        const org = queryOrg(5_000, 2_000, 0, {
            base: `${API}/tooling`,
            row: (i) => ({ attributes: { type: 'ApexClass', url: `${API}/tooling/sobjects/ApexClass/${idOf('01p', i + 1)}` }, Id: idOf('01p', i + 1), Name: `Class${i}`, Body: wideText(2_048, i) })
        });
        const outputs = await follow('run-tooling-query', { query: 'SELECT Id, Name, Body FROM ApexClass' }, org.responder, (out) => (out['nextRecordsUrl'] ? { nextRecordsUrl: out['nextRecordsUrl'] } : null));
        expect(outputs[0]?.['truncated']).toBe(true);
        for (const o of outputs) if (o['nextRecordsUrl']) expect(o['nextRecordsUrl']).toMatch(new RegExp(`^${API}/tooling/query/${LOCATOR}-\\d+$`));
        const ids = outputs.flatMap((o) => (o['records'] as Json[]).map((r) => r['Id']));
        expect(ids).toEqual(org.rows.map((r) => r['Id']));
    });

    it('run-tooling-query: a single Tooling page (done, no locator) that must be cut is read again in smaller pages; its Tooling locator continues, every row once', async () => {
        const org = queryOrg(2_000, 2_000, 0, {
            base: `${API}/tooling`,
            row: (i) => ({ attributes: { type: 'ApexClass', url: `${API}/tooling/sobjects/ApexClass/${idOf('01p', i + 1)}` }, Id: idOf('01p', i + 1), Name: `Class${i}`, Body: wideText(2_048, i) })
        });
        const outputs = await follow('run-tooling-query', { query: 'SELECT Id, Name, Body FROM ApexClass' }, org.responder, (out) => (out['nextRecordsUrl'] ? { nextRecordsUrl: out['nextRecordsUrl'] } : null));
        expect(outputs.length).toBeGreaterThan(1);
        expect(outputs[0]?.['nextRecordsUrl']).toMatch(new RegExp(`^${API}/tooling/query/${LOCATOR}-\\d+$`));
        const ids = outputs.flatMap((o) => (o['records'] as Json[]).map((r) => r['Id']));
        expect(ids).toEqual(org.rows.map((r) => r['Id']));
    });
});

// ---------------------------------------------------------------------------------------------------------------
// The replication API: up to 600,000 ids in one window

describe('2 MB output boundary: replication API', () => {
    const day = 86_400_000;
    const window = { start: new Date(Date.now() - 2 * day).toISOString(), end: new Date(Date.now() - day).toISOString() };

    it('list-updated-records: 600,000 ids (the most Salesforce lists, 13 MB) in pages under 2 MB; nextOffset gives each id once, in order', async () => {
        const ids = Array.from({ length: 600_000 }, (_, i) => idOf('001', i + 1));
        const responder: Responder = () => ({ data: { ids, latestDateCovered: '2026-11-21T10:00:00.000+0000' } });
        const outputs = await follow('list-updated-records', { sObject: 'Account', ...window }, responder, (out, input) => (out['nextOffset'] === null ? null : { ...input, offset: out['nextOffset'] }));
        expect(outputs.length).toBeGreaterThan(5);
        expect(outputs.every((o) => o['totalIds'] === 600_000)).toBe(true);
        expect(outputs.slice(0, -1).every((o) => typeof o['nextOffset'] === 'number')).toBe(true);
        const got = outputs.flatMap((o) => o['recordIds'] as string[]);
        expect(got.length).toBe(ids.length);
        expect(got.every((id, i) => id === ids[i])).toBe(true);
        expect(outputBytes(outputs[0])).toBeGreaterThan(TWO_MB - 100 * 1024);
    });

    it('list-deleted-records: 150,000 deletes (9 MB) in pages under 2 MB; nextOffset gives each delete once, in order', async () => {
        const deletedRecords = Array.from({ length: 150_000 }, (_, i) => ({ id: idOf('001', i + 1), deletedDate: '2026-11-20T14:07:19.000+0000' }));
        const responder: Responder = () => ({ data: { deletedRecords, earliestDateAvailable: '2026-11-01T00:00:00.000+0000', latestDateCovered: '2026-11-21T10:00:00.000+0000' } });
        const outputs = await follow('list-deleted-records', { sObject: 'Account', ...window }, responder, (out, input) => (out['nextOffset'] === null ? null : { ...input, offset: out['nextOffset'] }));
        expect(outputs.length).toBeGreaterThan(5);
        expect(outputs.every((o) => o['totalDeleted'] === 150_000)).toBe(true);
        const got = outputs.flatMap((o) => o['deletedRecords'] as Json[]);
        expect(got.length).toBe(deletedRecords.length);
        expect(got.every((r, i) => r['recordId'] === deletedRecords[i]?.id && r['deletedDate'] === '2026-11-20T14:07:19.000Z')).toBe(true);
    });
});

// ---------------------------------------------------------------------------------------------------------------
// Apex REST: the org's own answer, no continuation

describe('2 MB output boundary: call-apex-rest', () => {
    it('a 3 MB JSON answer is cut to a prefix of its text, truncated, bodyBytes the whole size', async () => {
        const payload = { invoices: Array.from({ length: 3_000 }, (_, i) => ({ id: `INV-${i}`, note: wideText(1_000, i) })) };
        const text = JSON.stringify(payload);
        const { out } = await run('call-apex-rest', { method: 'GET', path: 'invoices/v1/all' }, () => ({ status: 200, data: text, headers: { 'content-type': 'application/json;charset=UTF-8' } }));
        expectUnder2Mb(out);
        expect(out).toMatchObject({ status: 200, ok: true, truncated: true, bodyBytes: Buffer.byteLength(text, 'utf8') });
        expect(typeof out['body']).toBe('string');
        expect(text.startsWith(String(out['body']))).toBe(true);
        expect(outputBytes(out)).toBeGreaterThan(TWO_MB - 100 * 1024);
    });

    it('a 3 MB text answer of 4-byte characters is cut without splitting a character', async () => {
        const text = '😀'.repeat(800_000);
        const { out } = await run('call-apex-rest', { method: 'GET', path: 'export/v1' }, () => ({ status: 200, data: text, headers: { 'content-type': 'text/plain' } }));
        expectUnder2Mb(out);
        expect(out['truncated']).toBe(true);
        const body = String(out['body']);
        expect(body.length % 2).toBe(0);
        expect(/[\ud800-\udbff]$/.test(body)).toBe(false);
        expect(text.startsWith(body)).toBe(true);
        expect(out['bodyBytes']).toBe(3_200_000);
    });

    it('a small answer is returned whole and parsed, not flagged', async () => {
        const { out } = await run('call-apex-rest', { method: 'GET', path: 'invoices/v1/one' }, () => ({ status: 200, data: '{"id":"INV-1"}', headers: { 'content-type': 'application/json' } }));
        expect(out).toMatchObject({ body: { id: 'INV-1' }, truncated: false, bodyBytes: 14 });
    });
});
