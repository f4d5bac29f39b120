import { afterEach, describe, expect, it, vi } from 'vitest';

import action from '../actions/close-opportunity.js';
import { actionErrorOf, actionMock, requestCount, requests, run } from './helpers.js';

const OPP = '0065g00000Op001AAB';
const stageQuery = (won: boolean): string =>
    `SELECT ApiName, MasterLabel, IsWon, IsClosed, DefaultProbability, ForecastCategoryName FROM OpportunityStage WHERE (IsActive = true) AND (IsClosed = true) AND (IsWon = ${won}) ORDER BY SortOrder ASC`;
const endpoint = (recordId: string): string => `/services/data/v66.0/sobjects/Opportunity/${recordId}`;
const patches = (nango: Parameters<typeof requests>[0]) => requests(nango).filter((r) => r['method'] === 'PATCH');
/** Answers userinfo with this zoneinfo (undefined: as the fixture) and any PATCH with 204; every other call as the fixture does. */
function withUserZone(nango: Parameters<typeof requests>[0], zone?: string | null): void {
    const fixture = nango.proxy.getMockImplementation();
    nango.proxy.mockImplementation(async (config: any) => {
        if (zone !== undefined && config?.endpoint === '/services/oauth2/userinfo') return { status: 200, data: { user_id: '0055g00000Us0B2AAJ', zoneinfo: zone }, headers: {} } as never;
        if (config?.method === 'PATCH') return { status: 204, data: '', headers: {} } as never;
        return fixture?.(config) as never;
    });
}

describe('salesforce close-opportunity', () => {
    afterEach(() => {
        vi.useRealTimers();
    });

    it("closes as won with the org's first active won stage and returns what the stage implies", async () => {
        const nango = actionMock('close-opportunity');
        const output = await run(action, nango, await nango.getInput());
        expect(output).toEqual(await nango.getOutput());
    });

    it('reads the closed stages of that outcome from OpportunityStage, then PATCHes the stage name the org uses (not "Closed Won")', async () => {
        const nango = actionMock('close-opportunity');
        await run(action, nango, await nango.getInput());
        expect(requests(nango)).toEqual([
            { method: 'GET', endpoint: '/services/data/v66.0/query', params: { q: stageQuery(true) }, retries: 3 },
            // the opportunity as it is: already closed as asked, it would not be written again
            { method: 'GET', endpoint: endpoint(OPP), params: { fields: 'StageName,CloseDate,Amount,Description' }, retries: 3 },
            {
                method: 'PATCH',
                endpoint: endpoint(OPP),
                // never retried blindly: a lost answer is settled by reading the opportunity back
                retries: 0,
                data: { StageName: 'Signed', CloseDate: '2026-06-30', Amount: 52000, Description: 'Beat the competitor on price' }
            }
        ]);
    });

    it('closes as lost with the lost stage ("Dead") and writes the reason to reasonField', async () => {
        const nango = actionMock('close-opportunity');
        const output = await run(action, nango, {
            recordId: '0065g00000Op002AAB',
            outcome: 'lost',
            closeDate: '2026-06-30',
            reason: 'No budget this year',
            reasonField: 'Loss_Reason__c'
        });
        expect(requests(nango)[0]?.['params']).toEqual({ q: stageQuery(false) });
        expect(requests(nango)[2]).toMatchObject({ method: 'PATCH', data: { StageName: 'Dead', CloseDate: '2026-06-30', Loss_Reason__c: 'No budget this year' } });
        expect(requests(nango)[2]?.['data']).not.toHaveProperty('Description');
        expect(output).toEqual({
            recordId: '0065g00000Op002AAB',
            stageName: 'Dead',
            isWon: false,
            isClosed: true,
            probability: 0,
            forecastCategory: 'Omitted',
            closeDate: '2026-06-30',
            alreadyClosed: false
        });
    });

    it('accepts a stageName given by its label and writes the stage API name', async () => {
        const nango = actionMock('close-opportunity');
        const output = await run(action, nango, { recordId: '0065g00000Op003AAB', outcome: 'won', stageName: 'Signed - Renewal', closeDate: '2026-07-01' });
        expect(requests(nango)[2]).toMatchObject({ endpoint: endpoint('0065g00000Op003AAB'), data: { StageName: 'Signed_Renewal', CloseDate: '2026-07-01' } });
        expect(output).toMatchObject({ stageName: 'Signed_Renewal', isWon: true, probability: 100 });
    });

    it("defaults closeDate to today in the connected user's time zone (userinfo zoneinfo), not UTC", async () => {
        vi.useFakeTimers({ toFake: ['Date'] });
        // 23:30 UTC on the 15th is already the 16th in Tokyo (UTC+9), the fixture user's zone
        vi.setSystemTime(new Date('2026-03-15T23:30:00.000Z'));
        const nango = actionMock('close-opportunity');
        const output = await run(action, nango, { recordId: OPP.slice(0, 15), outcome: 'lost' });
        expect(requests(nango)[2]).toMatchObject({ method: 'GET', endpoint: '/services/oauth2/userinfo' });
        expect(requests(nango)[3]).toMatchObject({ method: 'PATCH', endpoint: endpoint(OPP.slice(0, 15)), data: { StageName: 'Dead', CloseDate: '2026-03-16' } });
        expect(output).toMatchObject({ recordId: OPP, closeDate: '2026-03-16', stageName: 'Dead' });
    });

    it.each([
        ['America/Los_Angeles', '2026-03-16T03:30:00.000Z', '2026-03-15'],
        ['Europe/Paris', '2026-07-01T22:30:00.000Z', '2026-07-02'],
        ['Pacific/Kiritimati', '2026-12-31T10:00:00.000Z', '2027-01-01']
    ])('in zone %s at %s the default closeDate is %s', async (zone, now, expected) => {
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(new Date(now));
        const nango = actionMock('close-opportunity');
        withUserZone(nango, zone);
        const output = await run(action, nango, { recordId: OPP, outcome: 'won' });
        expect(patches(nango)[0]?.['data']).toMatchObject({ CloseDate: expected });
        expect(output.closeDate).toBe(expected);
    });

    it.each([['Mars/Olympus_Mons'], [null]])('refuses a default closeDate when the user zone is %s, and sends no PATCH', async (zone) => {
        const nango = actionMock('close-opportunity');
        withUserZone(nango, zone);
        const error = await actionErrorOf(run(action, nango, { recordId: OPP, outcome: 'won' }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['closeDate'] });
        expect(patches(nango)).toEqual([]);
    });

    it('makes no userinfo call when closeDate is given', async () => {
        const nango = actionMock('close-opportunity');
        withUserZone(nango);
        await run(action, nango, { recordId: OPP, outcome: 'won', closeDate: '2026-06-30' });
        expect(requests(nango).map((r) => r['endpoint'])).not.toContain('/services/oauth2/userinfo');
    });

    it('leaves Description alone without reasonField, and refuses a reason with no reasonField before any request', async () => {
        const nango = actionMock('close-opportunity');
        withUserZone(nango);
        await run(action, nango, { recordId: OPP, outcome: 'won', closeDate: '2026-06-30', amount: 52000 });
        expect(patches(nango)[0]?.['data']).toEqual({ StageName: 'Signed', CloseDate: '2026-06-30', Amount: 52000 });
        const other = actionMock('close-opportunity');
        const error = await actionErrorOf(run(action, other, { recordId: OPP, outcome: 'lost', closeDate: '2026-06-30', reason: 'No budget' }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['reason'] });
        expect(requestCount(other)).toBe(0);
    });

    it.each([
        ['a lost stage asked for a won outcome', 'won', 'Dead', 'Signed, Signed_Renewal'],
        ['the default stage name, which this org does not have', 'lost', 'Closed Lost', 'Dead, Dead_No_Budget'],
        ['an open stage', 'won', 'Negotiation/Review', 'Signed, Signed_Renewal']
    ])('refuses %s as invalid_input and sends no PATCH', async (_label, outcome, stageName, listed) => {
        const nango = actionMock('close-opportunity');
        const error = await actionErrorOf(run(action, nango, { recordId: OPP, outcome, stageName, closeDate: '2026-06-30' }));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', fields: ['stageName'] });
        expect(error.message).toContain(listed);
        expect(requests(nango)).toHaveLength(1);
        expect(patches(nango)).toEqual([]);
    });

    it('refuses to close when the org has no active closed stage for the outcome', async () => {
        const nango = actionMock('close-opportunity');
        nango.proxy.mockResolvedValueOnce({ status: 200, data: { totalSize: 0, done: true, records: [] }, headers: {} } as never);
        const error = await actionErrorOf(run(action, nango, { recordId: OPP, outcome: 'won' }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['outcome'] });
        expect(patches(nango)).toEqual([]);
    });

    it('sends no PATCH when the stage query fails', async () => {
        const nango = actionMock('close-opportunity');
        nango.proxy.mockResolvedValueOnce({ status: 401, data: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], headers: {} } as never);
        const error = await actionErrorOf(run(action, nango, { recordId: OPP, outcome: 'won' }));
        expect(error).toMatchObject({ type: 'unauthorized', errorCode: 'INVALID_SESSION_ID', status: 401 });
        expect(requests(nango)).toHaveLength(1);
    });

    it.each([
        ['a deleted opportunity', '0065g00000OpDELAA3', 'won', { type: 'entity_deleted', errorCode: 'ENTITY_IS_DELETED', status: 404 }, 0],
        [
            'a validation rule',
            '0065g00000OpRO1AAN',
            'lost',
            { type: 'salesforce_error', errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', status: 400, fields: ['Loss_Reason__c'] },
            1
        ],
        ['an opportunity the user cannot edit', '0065g00000OpACCAA3', 'won', { type: 'salesforce_error', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', status: 400 }, 1]
    ])('reports the read or the PATCH failing on %s', async (_label, recordId, outcome, expected, patchCount) => {
        const nango = actionMock('close-opportunity');
        const error = await actionErrorOf(run(action, nango, { recordId, outcome, closeDate: '2026-06-30' }));
        expect(error).toMatchObject(expected);
        // a deleted opportunity is found by the read before any PATCH; a refused PATCH is not sent again
        expect(patches(nango)).toHaveLength(patchCount);
    });

    describe('re-runs (Nango runs a failed action again)', () => {
        const WON = '0065g00000OpWONAA3';
        it('writes nothing to an opportunity already closed as asked, and asks no time zone', async () => {
            const nango = actionMock('close-opportunity');
            const output = await run(action, nango, { recordId: WON, outcome: 'won', amount: 52000 });
            expect(output).toEqual({ recordId: WON, stageName: 'Signed', isWon: true, isClosed: true, probability: 100, forecastCategory: 'Closed', closeDate: '2026-06-30', alreadyClosed: true });
            expect(patches(nango)).toEqual([]);
            expect(requests(nango).map((r) => r['endpoint'])).not.toContain('/services/oauth2/userinfo');
        });

        it('writes when one value asked for differs (another amount), keeping the rest', async () => {
            const nango = actionMock('close-opportunity');
            withUserZone(nango);
            const output = await run(action, nango, { recordId: WON, outcome: 'won', amount: 60000, closeDate: '2026-06-30' });
            expect(output).toMatchObject({ alreadyClosed: false, closeDate: '2026-06-30' });
            expect(patches(nango)[0]?.['data']).toEqual({ StageName: 'Signed', CloseDate: '2026-06-30', Amount: 60000 });
        });

        it('after a PATCH whose answer is lost, reads the opportunity back and does not PATCH again when the values are there', async () => {
            const nango = actionMock('close-opportunity');
            const fixture = nango.proxy.getMockImplementation();
            let reads = 0;
            nango.proxy.mockImplementation(async (config: any) => {
                if (config?.method === 'PATCH') throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
                if (config?.method === 'GET' && config.endpoint === endpoint(OPP) && ++reads === 2) {
                    return { status: 200, data: { StageName: 'Signed', CloseDate: '2026-06-30', Amount: 52000 }, headers: {} } as never;
                }
                return fixture?.(config) as never;
            });
            const output = await run(action, nango, { recordId: OPP, outcome: 'won', closeDate: '2026-06-30', amount: 52000 });
            expect(output).toMatchObject({ alreadyClosed: false, stageName: 'Signed' });
            expect(patches(nango)).toHaveLength(1);
            expect(requests(nango)[3]).toMatchObject({ method: 'GET', endpoint: endpoint(OPP), params: { fields: 'StageName,CloseDate,Amount' } });
        });

        it('after a lost answer with the values not there, PATCHes again, at most 4 times in all, then reports the network error', async () => {
            const nango = actionMock('close-opportunity');
            const fixture = nango.proxy.getMockImplementation();
            nango.proxy.mockImplementation(async (config: any) => {
                if (config?.method === 'PATCH') throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
                return fixture?.(config) as never;
            });
            const error = await actionErrorOf(run(action, nango, { recordId: OPP, outcome: 'won', closeDate: '2026-06-30' }));
            expect(error).toMatchObject({ type: 'network_error' });
            expect(patches(nango)).toHaveLength(4);
        });
    });

    it.each([
        ['no outcome', { recordId: OPP }],
        ['an outcome other than won/lost', { recordId: OPP, outcome: 'closed' }],
        ['no recordId', { outcome: 'won' }],
        ['a recordId with a wrong checksum', { recordId: '0065g00000Op001AAA', outcome: 'won' }],
        ['a closeDate in another format', { recordId: OPP, outcome: 'won', closeDate: '30/06/2026' }],
        ['a negative amount', { recordId: OPP, outcome: 'won', amount: -1 }],
        ['an empty reason', { recordId: OPP, outcome: 'won', reason: '' }],
        ['a relationship path as reasonField', { recordId: OPP, outcome: 'lost', reason: 'x', reasonField: 'Account.Description' }],
        ['a reasonField with a quote', { recordId: OPP, outcome: 'lost', reason: 'x', reasonField: "Description'" }],
        ['an empty stageName', { recordId: OPP, outcome: 'won', stageName: '' }]
    ])('refuses %s before any request', async (_label, input) => {
        const nango = actionMock('close-opportunity');
        const error = await actionErrorOf(run(action, nango, input));
        expect(error).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', status: null });
        expect(requestCount(nango)).toBe(0);
    });

    // Was a bug (fixed): salesforce/actions/close-opportunity.ts validates recordId with recordIdSchema only; the Opportunity key
    // prefix is checked by paths.record() inside updateRecord(), i.e. AFTER the OpportunityStage query has been sent.
    // A Contact id ends as invalid_input, but only after one API call (requestCount is 1, expected 0).
    it('refuses a Contact id before any request', async () => {
        const nango = actionMock('close-opportunity');
        const error = await actionErrorOf(run(action, nango, { recordId: '0035g00000AbC01AAF', outcome: 'won', closeDate: '2026-06-30' }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['recordId'] });
        expect(requestCount(nango)).toBe(0);
    });

    // Was a bug (fixed): salesforce/actions/close-opportunity.ts line `body[input.reasonField ?? 'Description'] = input.reason` lets
    // reasonField name a field the action itself sets or that is derived: reasonField "StageName" replaces the closed
    // stage with the reason text (PATCH {"StageName": "<reason>", …}), "CloseDate"/"Amount" overwrite those values, and
    // "IsWon"/"IsClosed" write to fields Salesforce derives from the stage. Expected: invalid_input, no PATCH.
    it.each([['StageName'], ['IsWon'], ['CloseDate']])('refuses reasonField %s, which would overwrite what the action sets', async (reasonField) => {
        const nango = actionMock('close-opportunity');
        const error = await actionErrorOf(run(action, nango, { recordId: OPP, outcome: 'won', closeDate: '2026-06-30', reason: 'Beat the competitor', reasonField }));
        expect(error).toMatchObject({ type: 'invalid_input', fields: ['reasonField'] });
        expect(patches(nango)).toEqual([]);
    });

    // Was a bug (fixed): salesforce/actions/close-opportunity.ts Input.closeDate is only checked against /^\d{4}-\d{2}-\d{2}$/, so an
    // impossible date (2026-02-30) is PATCHed to Salesforce instead of being refused as invalid_input before any request.
    it('refuses an impossible closeDate before any request', async () => {
        const nango = actionMock('close-opportunity');
        const error = await actionErrorOf(run(action, nango, { recordId: OPP, outcome: 'won', closeDate: '2026-02-30' }));
        expect(error.type).toBe('invalid_input');
        expect(requestCount(nango)).toBe(0);
    });
});
