/**
 * Hostile inputs for the Bulk API 2.0 ingest actions: field names in JSON records and in CSV headers, CSV content
 * (quotes, line breaks, delimiters), job ids and operations. Every one is refused with a typed invalid_input
 * ActionError before any request; values that are data (not names) travel quoted in the CSV and are checked there.
 */
import { describe, expect, it } from 'vitest';

import abort from '../../salesforce/actions/abort-bulk-job.js';
import create from '../../salesforce/actions/create-bulk-job.js';
import getJob from '../../salesforce/actions/get-bulk-job.js';
import results from '../../salesforce/actions/get-bulk-job-results.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from '../../salesforce/tests/helpers.js';
import { parseCsv } from '../../salesforce/lib/sync/csv.js';

const HOSTILE_NAMES = ['../limits', 'Name%2e%2e', 'Name?q=1', 'Name#x', 'https://evil.example/x', 'Name\nId', 'Name,Id', 'Name"', "Name'", 'Na me', 'Name;', 'Select', '__c', 'Name__', 'A.B.C', 'Owner:User', ':Owner.Email', 'Na\u202eme', 'Name\u0000', '😀', ''];
const HOSTILE_IDS = ['../../limits', '750%2F..%2Flimits', '750000000000000AAA?x=1', '750000000000000AAA#', '750000000000000aaa/..', ' 750000000000000AAA', '001D000000IqhSLIAZ', '750\n', 'https://evil.example/750000000000000AAA', ''];

async function refused(action: unknown, input: unknown, mockName = 'create-bulk-job'): Promise<void> {
    const nango = actionMock(mockName);
    const error = await actionErrorOf(run(action as never, nango, input));
    expect(error.type, JSON.stringify(input).slice(0, 120)).toBe('invalid_input');
    expect(requestCount(nango)).toBe(0);
}

describe('hostile bulk ingest inputs', () => {
    it.each(HOSTILE_NAMES)('refuses the field name %j in records and in a CSV header', async (name) => {
        await refused(create, { sObject: 'Contact', operation: 'insert', records: [{ LastName: 'x', [name]: 'v' }] });
        await refused(create, { sObject: 'Contact', operation: 'insert', csv: `LastName,"${name.replace(/"/g, '""')}"\nx,v\n` });
    });

    it.each(HOSTILE_NAMES.filter((n) => n !== ''))('refuses the sObject and externalIdFieldName %j', async (name) => {
        await refused(create, { sObject: name, operation: 'insert', records: [{ LastName: 'x' }] });
        await refused(create, { sObject: 'Contact', operation: 'upsert', externalIdFieldName: name, records: [{ LastName: 'x' }] });
    });

    it.each(HOSTILE_IDS)('refuses the job id %j in every job action', async (jobId) => {
        await refused(getJob, { jobId }, 'get-bulk-job');
        await refused(abort, { jobId }, 'abort-bulk-job');
        await refused(results, { jobId, results: 'failed' }, 'get-bulk-job-results');
    });

    it.each(['merge', 'query', 'queryAll', 'INSERT', 'insert ', '', 'hardDelete;DROP'])('refuses the operation %j', async (operation) => {
        await refused(create, { sObject: 'Contact', operation, records: [{ LastName: 'x' }] });
    });

    it.each([
        ['an Id that injects a row', 'delete', 'Id\n003D000000QyVbMIAV\n"003D000000QyVbM\nIAV"\n'],
        ['a quoted header smuggling a second column', 'insert', '"LastName,Email"\nx\n'],
        ['a row with an extra field', 'insert', 'LastName\nx,Id\n'],
        ['an unclosed quote', 'insert', 'LastName\n"x\n'],
        ['a bare CR line ending', 'insert', 'LastName\rx\r'],
        ['a stray character after a quote', 'insert', 'LastName\n"x"y\n'],
        ['an Id column in an insert', 'insert', 'LastName,Id\nx,003D000000QyVbMIAV\n'],
        ['a formula-looking header', 'insert', '=cmd|calc\nx\n']
    ])('refuses CSV content: %s', async (_label, operation, csv) => {
        await refused(create, { sObject: 'Contact', operation, csv });
    });

    it('sends hostile values (not names) quoted, exactly as given', async () => {
        const nango = actionMock('create-bulk-job');
        const values = ['a,b', 'say "hi"', 'two\nlines', '=1+1', ' pad ', 'Na\u202eme', '#N/A'];
        await run(create as never, nango, { sObject: 'Contact', operation: 'insert', records: values.map((v) => ({ LastName: v })) }).catch(() => undefined);
        const upload = requests(nango).find((r) => r['method'] === 'PUT');
        expect(parseCsv(String(upload?.['data']))).toEqual([['LastName'], ...values.map((v) => [v])]);
    });
});
