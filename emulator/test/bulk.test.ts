import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type Client } from './helpers.js';

let c: Client;
beforeAll(async () => {
    c = await start({ volume: { Contact: 120, default: 25 } });
});
afterAll(async () => {
    await c.emu.stop();
});

/** RFC 4180 parser (quoted fields, doubled quotes, embedded newlines). */
function parseCsv(text: string, delim = ','): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i] as string;
        if (quoted) {
            if (ch === '"' && text[i + 1] === '"') {
                cell += '"';
                i++;
            } else if (ch === '"') quoted = false;
            else cell += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === delim) {
            row.push(cell);
            cell = '';
        } else if (ch === '\n' || ch === '\r') {
            if (ch === '\r' && text[i + 1] === '\n') i++;
            row.push(cell);
            rows.push(row);
            row = [];
            cell = '';
        } else cell += ch;
    }
    if (cell !== '' || row.length > 0) {
        row.push(cell);
        rows.push(row);
    }
    return rows;
}

async function createJob(query: string, extra: Record<string, unknown> = {}): Promise<{ status: number; body: any }> {
    return c.sf('jobs/query', { method: 'POST', json: { operation: 'query', query, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF', ...extra } });
}

async function runToCompletion(id: string): Promise<any> {
    for (let i = 0; i < 10; i++) {
        const res = await c.sf(`jobs/query/${id}`);
        if (['JobComplete', 'Failed', 'Aborted'].includes(res.body.state)) return res.body;
    }
    throw new Error('job never finished');
}

describe('Bulk API 2.0 query jobs (§13)', () => {
    it('create → UploadComplete job info; polls → InProgress then JobComplete with numberRecordsProcessed', async () => {
        const created = await createJob('SELECT Id, Name FROM Account');
        expect(created.status).toBe(200);
        expect(created.body).toMatchObject({
            operation: 'query',
            object: 'Account',
            state: 'UploadComplete',
            concurrencyMode: 'Parallel',
            contentType: 'CSV',
            apiVersion: 62,
            lineEnding: 'LF',
            columnDelimiter: 'COMMA',
            createdById: c.emu.org.apiUserId
        });
        expect(created.body.id).toMatch(/^750[0-9A-Za-z]{15}$/);
        expect(created.body.createdDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
        const early = await c.sf(`jobs/query/${created.body.id}/results`);
        expect(early.status).toBe(412);
        expect(early.body[0].errorCode).toBe('JOB_NOT_COMPLETE');
        const first = await c.sf(`jobs/query/${created.body.id}`);
        expect(first.body).toMatchObject({ state: 'InProgress', jobType: 'V2Query', retries: 0 });
        const second = await c.sf(`jobs/query/${created.body.id}`);
        expect(second.body).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: c.emu.org.count('Account') });
        const st = c.emu.stats();
        expect(st.byEndpoint['POST /jobs/query']).toBeGreaterThanOrEqual(1);
        expect(st.byEndpoint['GET /jobs/query/{id}']).toBeGreaterThanOrEqual(2);
        expect(st.bulk.jobsCreated).toBeGreaterThanOrEqual(1);
        expect(st.bulk.jobsCompleted).toBeGreaterThanOrEqual(1);
    });

    it('CSV: header as written, quoting, doubled quotes, newlines, nulls, booleans, dateTimes, relationship paths', async () => {
        const acct = c.emu.org.insert('Account', { Name: 'Acme, "Best"\nSecond line', Website: null });
        c.emu.org.setSystemModstamp(String(acct['Id']), '2024-01-01T00:00:00Z');
        const contact = c.emu.org.insert('Contact', { LastName: 'Plain', AccountId: acct['Id'], HasOptedOutOfEmail: true });
        const orphan = c.emu.org.insert('Contact', { LastName: 'Orphan' });
        const job = await createJob(`SELECT id, LastName, account.Name, Account.Website, HasOptedOutOfEmail, Account.SystemModstamp FROM Contact WHERE Id IN ('${String(contact['Id'])}', '${String(orphan['Id'])}') ORDER BY LastName DESC`);
        expect((await runToCompletion(job.body.id)).state).toBe('JobComplete');
        const res = await c.sf(`jobs/query/${job.body.id}/results`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
        expect(res.headers.get('sforce-locator')).toBe('null');
        expect(res.headers.get('sforce-numberofrecords')).toBe('2');
        expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=/);
        const lines = res.text.split('\n');
        // every header name and value quoted, as Salesforce writes them; a null an empty field
        expect(lines[0]).toBe('"id","LastName","account.Name","Account.Website","HasOptedOutOfEmail","Account.SystemModstamp"');
        expect(res.text).toContain(`"${String(contact['Id'])}","Plain","Acme, ""Best""\nSecond line",,"true","2024-01-01T00:00:00.000Z"\n`);
        expect(res.text.endsWith(`"${String(orphan['Id'])}","Orphan",,,"false",\n`)).toBe(true);
        expect(parseCsv(res.text)).toEqual([
            ['id', 'LastName', 'account.Name', 'Account.Website', 'HasOptedOutOfEmail', 'Account.SystemModstamp'],
            [String(contact['Id']), 'Plain', 'Acme, "Best"\nSecond line', '', 'true', '2024-01-01T00:00:00.000Z'],
            [String(orphan['Id']), 'Orphan', '', '', 'false', '']
        ]);
    });

    it('pages with maxRecords and locator until Sforce-Locator is "null"; the result set is fixed at completion', async () => {
        const total = c.emu.org.count('Contact');
        const job = await createJob('SELECT Id, LastName FROM Contact ORDER BY Id');
        await runToCompletion(job.body.id);
        // Writes after completion don't change the pages.
        c.emu.org.insert('Contact', { LastName: 'Late' });
        const first = c.emu.org.list('Contact')[0];
        c.emu.org.update('Contact', String(first?.['Id']), { LastName: 'Renamed' });
        const ids: string[] = [];
        let locator: string | null = null;
        let pages = 0;
        do {
            const res: { status: number; headers: Headers; text: string } = await c.sf(`jobs/query/${job.body.id}/results?maxRecords=50${locator ? `&locator=${locator}` : ''}`);
            expect(res.status).toBe(200);
            const rows = parseCsv(res.text);
            expect(rows[0]).toEqual(['Id', 'LastName']);
            expect(Number(res.headers.get('sforce-numberofrecords'))).toBe(rows.length - 1);
            ids.push(...rows.slice(1).map((r) => r[0] as string));
            expect(rows.slice(1).some((r) => r[1] === 'Late' || r[1] === 'Renamed')).toBe(false);
            locator = res.headers.get('sforce-locator');
            pages++;
        } while (locator !== 'null');
        expect(pages).toBe(Math.ceil(total / 50));
        expect(ids).toHaveLength(total);
        expect(new Set(ids).size).toBe(total);
        expect([...ids].sort()).toEqual(ids);
        // Locators are stable: the second page again.
        const again = await c.sf(`jobs/query/${job.body.id}/results?maxRecords=50&locator=${Buffer.from('50').toString('base64').replace(/=+$/, '')}`);
        expect(parseCsv(again.text)[1]?.[0]).toBe(ids[50]);
        expect((await c.sf(`jobs/query/${job.body.id}/results?locator=%21bad`)).status).toBe(400);
        expect(c.emu.stats().bulk.resultRecords).toBeGreaterThanOrEqual(total);
    });

    it('queryAll includes deleted rows; query does not', async () => {
        const victim = c.emu.org.list('Case')[0];
        c.emu.org.delete('Case', String(victim?.['Id']));
        const q1 = await createJob(`SELECT Id, IsDeleted FROM Case WHERE Id = '${String(victim?.['Id'])}'`);
        const q2 = await createJob(`SELECT Id, IsDeleted FROM Case WHERE Id = '${String(victim?.['Id'])}'`, { operation: 'queryAll' });
        expect(q2.body.operation).toBe('queryAll');
        await runToCompletion(q1.body.id);
        await runToCompletion(q2.body.id);
        expect(parseCsv((await c.sf(`jobs/query/${q1.body.id}/results`)).text)).toEqual([['Id', 'IsDeleted']]);
        expect(parseCsv((await c.sf(`jobs/query/${q2.body.id}/results`)).text)).toEqual([['Id', 'IsDeleted'], [String(victim?.['Id']), 'true']]);
    });

    it('aggregate queries create a job that then fails with errorMessage (compound fields and subqueries are refused at creation: healing.test.ts)', async () => {
        for (const soql of ['SELECT COUNT(Id) FROM Account', 'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry']) {
            const job = await createJob(soql);
            expect(job.status).toBe(200);
            const done = await runToCompletion(job.body.id);
            expect(done.state).toBe('Failed');
            expect(done.errorMessage).toEqual(expect.any(String));
            expect((await c.sf(`jobs/query/${job.body.id}/results`)).status).toBe(412);
        }
        expect(c.emu.stats().bulk.jobsFailed).toBeGreaterThanOrEqual(2);
    });

    it('bad job definitions and bad SOQL are rejected at creation', async () => {
        expect((await createJob('SELECT Id FROM Account', { operation: 'insert' })).body[0].errorCode).toBe('INVALIDJOB');
        expect((await createJob('SELECT Id FROM Account', { contentType: 'JSON' })).status).toBe(400);
        const bad = await createJob('SELECT Nope__c FROM Account');
        expect(bad.status).toBe(400);
        expect(bad.body[0].errorCode).toBe('INVALID_FIELD');
        expect((await createJob('SELECT Id FROM Nope__c')).body[0].errorCode).toBe('INVALID_TYPE');
        expect((await createJob('SELEC Id FROM Account')).body[0].errorCode).toBe('MALFORMED_QUERY');
    });

    it('abort (PATCH state Aborted), delete, list; other delimiters and CRLF', async () => {
        const job = await createJob('SELECT Id, Name FROM Account LIMIT 3', { columnDelimiter: 'SEMICOLON', lineEnding: 'CRLF' });
        const aborted = await c.sf(`jobs/query/${job.body.id}`, { method: 'PATCH', json: { state: 'Aborted' } });
        expect(aborted.status).toBe(200);
        expect(aborted.body.state).toBe('Aborted');
        expect((await c.sf(`jobs/query/${job.body.id}`)).body.state).toBe('Aborted');
        expect((await c.sf(`jobs/query/${job.body.id}`, { method: 'PATCH', json: { state: 'Aborted' } })).status).toBe(400);
        const listed = await c.sf('jobs/query');
        expect(listed.body.done).toBe(true);
        expect(listed.body.records.map((j: { id: string }) => j.id)).toContain(job.body.id);
        expect((await c.sf(`jobs/query/${job.body.id}`, { method: 'DELETE' })).status).toBe(204);
        expect((await c.sf(`jobs/query/${job.body.id}`)).status).toBe(404);

        const semi = await createJob('SELECT Id, Name FROM Account ORDER BY Id LIMIT 3', { columnDelimiter: 'SEMICOLON', lineEnding: 'CRLF' });
        await runToCompletion(semi.body.id);
        const res = await c.sf(`jobs/query/${semi.body.id}/results`);
        expect(res.text.startsWith('"Id";"Name"\r\n')).toBe(true);
        expect(parseCsv(res.text, ';')).toHaveLength(4);
    });

    it('results with another API version answer 409', async () => {
        const job = await createJob('SELECT Id FROM Account LIMIT 1');
        await runToCompletion(job.body.id);
        expect((await c.sf(`/services/data/v66.0/jobs/query/${job.body.id}/results`)).status).toBe(409);
    });
});
