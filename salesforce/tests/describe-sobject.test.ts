import { describe, expect, it } from 'vitest';

import action from '../actions/describe-sobject.js';
import { actionErrorOf, actionMock, requestCount, run } from './helpers.js';

describe('salesforce describe-sobject', () => {
    it('returns custom field summaries with active picklist values and child relationships', async () => {
        const nango = actionMock('describe-sobject');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('narrows to named fields and adds record types on request', async () => {
        const nango = actionMock('describe-sobject');
        const output = await run(action, nango, { sObject: 'Invoice__c', fieldNames: ['name', 'External_Id__c'], includeRecordTypes: true });
        expect(output.fields.map((f: { name: string }) => f.name)).toEqual(['Name', 'External_Id__c']);
        expect(output.recordTypeInfos).toEqual([{ recordTypeId: '012000000000000AAA', name: 'Master', developerName: 'Master', active: true, defaultRecordTypeMapping: true }]);
        expect(output).not.toHaveProperty('childRelationships');
    });

    it('reports an unknown object as not_found', async () => {
        const nango = actionMock('describe-sobject');
        const error = await actionErrorOf(run(action, nango, { sObject: 'Invoce__c' }));
        expect(error).toMatchObject({ type: 'not_found', status: 404 });
    });

    it.each([['a traversal', '../../limits'], ['a keyword', 'FROM'], ['spaces', 'Account Contact']])('refuses %s before any request', async (_label, sObject) => {
        const nango = actionMock('describe-sobject');
        const error = await actionErrorOf(run(action, nango, { sObject }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
