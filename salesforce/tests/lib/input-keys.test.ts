/**
 * Unknown top-level input keys are refused by parseInput (zod objects would drop them silently): an old name such as
 * list-related-records' `cursor` (now nextRecordsUrl) or a typo such as `recordID` is an invalid_input naming the key,
 * the nearest accepted name when one is close, and every accepted key, before any request.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';

import { acceptedInputKeys, parseInput, unknownKeyIssues } from '../../lib/input/schemas.js';
import callApexRest from '../../actions/call-apex-rest.js';
import deleteRecord from '../../actions/delete-record.js';
import listInvocableActions from '../../actions/list-invocable-actions.js';
import listRelatedRecords from '../../actions/list-related-records.js';
import { actionErrorOf, actionMock, requestCount, run, testsDir } from '../helpers.js';
import { fakeNango } from './fake-nango.js';

const ACCOUNT = '001D000000IqhSLIAZ';

function refusal(schema: z.ZodType, input: unknown) {
    try {
        parseInput(fakeNango(), schema, input);
    } catch (error) {
        return (error as { payload: Record<string, any> }).payload;
    }
    throw new Error('expected parseInput to refuse the input');
}

describe('parseInput: unknown top-level keys', () => {
    const schema = z.object({ recordId: z.string(), limit: z.number().optional(), nextRecordsUrl: z.string().optional() });

    it('refuses an unknown key, naming it and the accepted keys', () => {
        const payload = refusal(schema, { recordId: 'a', cursor: 'x' });
        expect(payload).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null, fields: ['cursor'] });
        expect(payload['message']).toContain('cursor: unknown input key');
        expect(payload['message']).toContain('the accepted input keys are recordId, limit, nextRecordsUrl');
        expect(payload['message']).not.toContain('did you mean');
    });

    it('suggests the nearest accepted name for a misspelled key (case and typos)', () => {
        expect(refusal(schema, { recordId: 'a', limt: 5 })['message']).toContain('limt: unknown input key, it would be ignored (did you mean "limit"?)');
        const payload = refusal(schema, { recordID: 'a' });
        expect(payload['message']).toContain('did you mean "recordId"?');
        // the missing required key is reported in the same answer
        expect(payload['fields']).toEqual(['recordID', 'recordId']);
    });

    it('accepts known keys, and ignores a key whose value is undefined (JSON cannot send one)', () => {
        expect(parseInput(fakeNango(), schema, { recordId: 'a', limit: 3 })).toEqual({ recordId: 'a', limit: 3 });
        expect(parseInput(fakeNango(), schema, { recordId: 'a', other: undefined })).toEqual({ recordId: 'a' });
    });

    it('names at most 10 unknown keys and counts the rest; a huge key gets no suggestion', () => {
        const input: Record<string, unknown> = { recordId: 'a' };
        for (let i = 0; i < 25; i++) input[`extra${i}`] = i;
        const payload = refusal(schema, input);
        expect(payload['fields']).toHaveLength(10);
        expect(payload['message']).toContain('and 15 more unknown input keys');
        expect(refusal(schema, { recordId: 'a', ['limit'.repeat(1000)]: 1 })['message']).not.toContain('did you mean');
    });

    it('an action without inputs says so', () => {
        expect(refusal(z.object({}), { verbose: true })['message']).toContain('this action takes no input keys');
    });

    it('reads the keys through refinements, wrappers and unions; a loose object or a record takes any key', () => {
        expect(acceptedInputKeys(schema.superRefine(() => undefined))).toEqual(['recordId', 'limit', 'nextRecordsUrl']);
        expect(acceptedInputKeys(schema.partial({ recordId: true }))).toEqual(['recordId', 'limit', 'nextRecordsUrl']);
        expect(acceptedInputKeys(schema.optional())).toEqual(['recordId', 'limit', 'nextRecordsUrl']);
        expect(acceptedInputKeys(schema.transform((v) => v))).toEqual(['recordId', 'limit', 'nextRecordsUrl']);
        expect(acceptedInputKeys(z.union([z.object({ query: z.string() }), z.object({ nextRecordsUrl: z.string() })]))).toEqual(['query', 'nextRecordsUrl']);
        expect(acceptedInputKeys(z.looseObject({ a: z.string() }))).toBeUndefined();
        expect(acceptedInputKeys(z.record(z.string(), z.unknown()))).toBeUndefined();
        expect(unknownKeyIssues(z.looseObject({ a: z.string() }), { a: 'x', b: 1 })).toEqual([]);
    });

    it('refuses unknown keys of nested objects and array elements too, named by their path; objects that take any key are not checked', () => {
        const nested = z.object({
            options: z.object({ limit: z.number() }).optional(),
            filters: z.array(z.object({ field: z.string(), value: z.string() })).optional(),
            values: z.record(z.string(), z.unknown()).optional(),
            extra: z.looseObject({ a: z.string() }).optional()
        });
        expect(unknownKeyIssues(nested, { options: { limt: 3 } })).toEqual([
            { path: 'options.limt', message: 'unknown input key, it would be ignored (did you mean "limit"?)' },
            { path: 'options', message: 'the accepted keys of options are limit' }
        ]);
        const payload = refusal(nested, { filters: [{ field: 'Name', value: 'x' }, { fieldd: 'Name', value: 'y' }] });
        // the misspelled key, the object it is in, and the required key it left missing
        expect(payload['fields']).toEqual(['filters.1.fieldd', 'filters.1', 'filters.1.field']);
        expect(payload['message']).toContain('did you mean "field"?');
        // field values and loose objects take any key; known keys everywhere pass
        expect(parseInput(fakeNango(), nested, { values: { Any__c: 1 }, extra: { a: 'x', b: 1 }, filters: [{ field: 'Name', value: 'x' }] })).toEqual({
            values: { Any__c: 1 },
            extra: { a: 'x', b: 1 },
            filters: [{ field: 'Name', value: 'x' }]
        });
    });
});

describe('actions refuse renamed and misspelled input keys before any request', () => {
    it('list-related-records: the old cursor (now nextRecordsUrl) and relationshipName (relationship)', async () => {
        const nango = actionMock('list-related-records');
        const error = await actionErrorOf(
            run(listRelatedRecords, nango, { sObject: 'Account', recordId: ACCOUNT, relationship: 'Contacts', cursor: '/services/data/v66.0/query/01gRO0000016PIAYA2-200' })
        );
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['cursor'] });
        expect(error.message).toContain('nextRecordsUrl');
        expect(requestCount(nango)).toBe(0);

        const misspelled = await actionErrorOf(run(listRelatedRecords, nango, { sObject: 'Account', recordId: ACCOUNT, relationshipName: 'Contacts' }));
        expect(misspelled.message).toContain('relationshipName: unknown input key, it would be ignored (did you mean "relationship"?)');
        expect(misspelled.fields).toEqual(['relationshipName', 'relationship']);
        expect(requestCount(nango)).toBe(0);
    });

    it('list-invocable-actions: the old cursor (now offset)', async () => {
        const nango = actionMock('list-invocable-actions');
        const error = await actionErrorOf(run(listInvocableActions, nango, { cursor: '100' }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['cursor'] });
        expect(error.message).toMatch(/accepted input keys are [^.]*\boffset\b/);
        expect(requestCount(nango)).toBe(0);
    });

    it('call-apex-rest: the old query (now queryParameters)', async () => {
        const nango = actionMock('call-apex-rest');
        const input = { ...((await nango.getInput()) as Record<string, unknown>), query: { status: 'open' } };
        const error = await actionErrorOf(run(callApexRest, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['query'] });
        expect(error.message).toContain('queryParameters');
        expect(requestCount(nango)).toBe(0);
    });

    it('delete-record: recordID is suggested as recordId and nothing is deleted', async () => {
        const nango = actionMock('delete-record');
        const error = await actionErrorOf(run(deleteRecord, nango, { sObject: 'Account', recordID: ACCOUNT }));
        expect(error.type).toBe('invalid_input');
        expect(error.message).toContain('did you mean "recordId"?');
        expect(requestCount(nango)).toBe(0);
    });
});

describe('every action refuses an unknown key added to its recorded input', () => {
    const actionsDir = path.join(testsDir, '..', 'actions');
    const names = fs
        .readdirSync(actionsDir)
        .filter((file) => file.endsWith('.ts'))
        .map((file) => file.replace(/\.ts$/, ''))
        .sort();

    it('finds the actions', () => {
        expect(names.length).toBeGreaterThan(50);
    });

    it.each(names)('%s', async (name) => {
        const action = (await import(path.join(actionsDir, `${name}.js`))) as { default: Parameters<typeof run>[0] };
        const fixture = JSON.parse(fs.readFileSync(path.join(testsDir, `${name}.test.json`), 'utf8')) as { input?: Record<string, unknown> };
        const nango = fakeNango();
        const error = await actionErrorOf(run(action.default, nango, { ...(fixture.input ?? {}), unknownProbeKey: true }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['unknownProbeKey'] });
        expect(error.message).toMatch(/the accepted input keys are |this action takes no input keys/);
        expect(nango.proxy).not.toHaveBeenCalled();
    });
});
