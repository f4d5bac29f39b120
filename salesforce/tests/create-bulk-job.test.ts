import { describe, expect, it } from 'vitest';

import action from '../actions/create-bulk-job.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

describe('salesforce create-bulk-job', () => {
    it('creates the job (sent once), uploads the CSV it wrote (sent once, text/csv), closes it', async () => {
        const nango = actionMock('create-bulk-job');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
        const sent = requests(nango);
        expect(sent.map((r) => r['method'])).toEqual(['POST', 'PUT', 'PATCH']);
        expect(sent[0]).toMatchObject({ retries: 0 });
        expect(sent[1]).toMatchObject({ retries: 0, data: 'LastName,Email\nNg,ng@example.com\n"Ro, Jr.",#N/A\n', headers: { 'Content-Type': 'text/csv' } });
        expect(sent[2]).toMatchObject({ data: { state: 'UploadComplete' }, retries: 3 });
    });

    it('writes an empty value of a one-column job as "" so its row is not a blank line; wider rows stay plain', async () => {
        const nango = actionMock('create-bulk-job');
        const ok = (data: unknown) => ({ status: 200, data, headers: {} }) as never;
        const job = { id: '7505g00000AbCdEAAV', state: 'Open', object: 'Contact' };
        nango.proxy.mockResolvedValueOnce(ok(job)).mockResolvedValueOnce(ok('')).mockResolvedValueOnce(ok({ ...job, state: 'UploadComplete' }));
        const output = await run(action, nango, { sObject: 'Contact', operation: 'insert', records: [{ LastName: 'Ng' }, { LastName: '' }, {}, { LastName: 'a "b"' }] });
        expect(requests(nango)[1]?.['data']).toBe('LastName\nNg\n""\n""\n"a ""b"""\n');
        expect(output).toMatchObject({ recordsUploaded: 4, columns: ['LastName'] });
        nango.proxy.mockResolvedValueOnce(ok(job)).mockResolvedValueOnce(ok('')).mockResolvedValueOnce(ok({ ...job, state: 'UploadComplete' }));
        await run(action, nango, { sObject: 'Contact', operation: 'insert', lineEnding: 'CRLF', records: [{ LastName: '', Email: '' }, { LastName: 'Ro' }] });
        expect(requests(nango)[4]?.['data']).toBe('LastName,Email\r\n,\r\nRo,\r\n');
    });

    it.each([
        ['a record id of another object', '001D000000IqhSLIAZ'],
        ['a traversal', '750/../../limits'],
        ['an empty id', '']
    ])('a create answered with %s as the job id fails saying the create was sent, with no upload or abort', async (_label, id) => {
        const nango = actionMock('create-bulk-job');
        nango.proxy.mockResolvedValueOnce({ status: 200, data: { id, state: 'Open', object: 'Contact' }, headers: {} } as never);
        const error = await actionErrorOf(run(action, nango, { sObject: 'Contact', operation: 'insert', records: [{ LastName: 'Ng' }] }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'INVALID_JOB_ID', status: 200 });
        expect(error.message).toContain('POST /jobs/ingest was sent');
        expect(error.message).toContain('Bulk Data Load Jobs');
        expect(error.message).not.toMatch(/no request was sent/i);
        expect(requests(nango).map((r) => r['method'])).toEqual(['POST']);
    });

    it('a create answered without an id fails as NO_JOB_ID after the one POST', async () => {
        const nango = actionMock('create-bulk-job');
        nango.proxy.mockResolvedValueOnce({ status: 200, data: { state: 'Open' }, headers: {} } as never);
        const error = await actionErrorOf(run(action, nango, { sObject: 'Contact', operation: 'insert', records: [{ LastName: 'Ng' }] }));
        expect(error).toMatchObject({ type: 'salesforce_error', errorCode: 'NO_JOB_ID' });
        expect(requestCount(nango)).toBe(1);
    });

    it.each([
        ['records and csv both', { sObject: 'Contact', operation: 'insert', records: [{ LastName: 'x' }], csv: 'LastName\nx\n' }],
        ['neither records nor csv', { sObject: 'Contact', operation: 'insert' }],
        ['an upsert without externalIdFieldName', { sObject: 'Contact', operation: 'upsert', records: [{ LastName: 'x' }] }],
        ['externalIdFieldName on an insert', { sObject: 'Contact', operation: 'insert', externalIdFieldName: 'Email', records: [{ LastName: 'x' }] }],
        ['an unknown operation', { sObject: 'Contact', operation: 'merge', records: [{ LastName: 'x' }] }],
        ['a hostile sObject', { sObject: 'Contact/../../limits', operation: 'insert', records: [{ LastName: 'x' }] }],
        ['a hostile field name', { sObject: 'Contact', operation: 'insert', records: [{ 'LastName\n,Id': 'x' }] }],
        ['a CSV header with a space', { sObject: 'Contact', operation: 'insert', csv: 'Last Name\nx\n' }],
        ['a bad id in a delete', { sObject: 'Contact', operation: 'delete', records: [{ Id: "003' OR 1=1" }] }],
        ['an unknown delimiter', { sObject: 'Contact', operation: 'insert', columnDelimiter: 'COLON', records: [{ LastName: 'x' }] }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('create-bulk-job');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
