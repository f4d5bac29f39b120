import { describe, expect, it } from 'vitest';

import { InputError, inputErrorPayload, normalizeSalesforceErrors, salesforceErrorPayload } from '../../lib/http/errors.js';

describe('normalizeSalesforceErrors', () => {
    it('reads the REST error array', () => {
        expect(normalizeSalesforceErrors([{ fields: ['Id'], message: 'Account ID: id value of incorrect type', errorCode: 'MALFORMED_ID' }])).toEqual([
            { errorCode: 'MALFORMED_ID', message: 'Account ID: id value of incorrect type', fields: ['Id'] }
        ]);
    });

    it("reads collections' statusCode form", () => {
        expect(normalizeSalesforceErrors([{ statusCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?', fields: [] }])).toEqual([
            { errorCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?', fields: [] }
        ]);
    });

    it("reads OAuth's error form and a single object", () => {
        expect(normalizeSalesforceErrors({ error: 'invalid_grant', error_description: 'expired access/refresh token' })).toEqual([
            { errorCode: 'invalid_grant', message: 'expired access/refresh token', fields: [] }
        ]);
    });

    it('ignores what is not an error', () => {
        expect(normalizeSalesforceErrors('<html>Bad gateway</html>')).toEqual([]);
        expect(normalizeSalesforceErrors([null, 1, {}])).toEqual([]);
    });
});

describe('salesforceErrorPayload', () => {
    it.each([
        [404, 'NOT_FOUND', 'not_found'],
        [404, 'ENTITY_IS_DELETED', 'entity_deleted'],
        [401, 'INVALID_SESSION_ID', 'unauthorized'],
        [403, 'REQUEST_LIMIT_EXCEEDED', 'request_limit_exceeded'],
        [403, 'INSUFFICIENT_ACCESS', 'forbidden'],
        [400, 'MALFORMED_QUERY', 'salesforce_error'],
        [503, 'SERVER_UNAVAILABLE', 'server_error'],
        [300, 'MULTIPLE_CHOICES', 'multiple_matches']
    ])('maps %i %s to %s', (status, errorCode, type) => {
        expect(salesforceErrorPayload(status, [{ message: 'm', errorCode }], 'ctx').type).toBe(type);
    });

    it('keeps every error, the union of fields, and the status', () => {
        const payload = salesforceErrorPayload(
            400,
            [
                { message: 'Required fields are missing: [LastName]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] },
                { message: 'bad email', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email', 'LastName'] }
            ],
            'create Contact'
        );
        expect(payload).toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName', 'Email'], status: 400 });
        expect(payload.errors).toHaveLength(2);
        expect(payload.message).toBe(
            'create Contact failed: REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]; bad email Add the listed required fields to the record.'
        );
    });

    it('describes a body-less failure by its status', () => {
        expect(salesforceErrorPayload(502, '', 'query')).toMatchObject({ type: 'server_error', errorCode: 'SERVER_ERROR' });
        expect(salesforceErrorPayload(418, null, 'query')).toMatchObject({ errorCode: 'HTTP_418' });
    });
});

describe('inputErrorPayload', () => {
    it('lists every issue with its path and says nothing was sent', () => {
        const payload = inputErrorPayload(
            new InputError([
                { path: 'sObject', message: 'bad' },
                { path: 'fields.0', message: 'worse' }
            ])
        );
        expect(payload).toMatchObject({ type: 'invalid_input', errorCode: 'INVALID_INPUT', fields: ['sObject', 'fields.0'], status: null });
        expect(payload.message).toBe('Invalid input: sObject: bad; fields.0: worse. No request was sent to Salesforce.');
    });
});

describe('duplicate rule matches', () => {
    it('lists the ids of the records a DUPLICATES_DETECTED error matched', () => {
        const body = [
            {
                errorCode: 'DUPLICATES_DETECTED',
                message: 'Use one of these records?',
                duplicateResult: {
                    allowSave: false,
                    duplicateRule: 'Standard_Contact_Duplicate_Rule',
                    matchResults: [
                        {
                            entityType: 'Contact',
                            matchRecords: [
                                { matchConfidence: 100, record: { attributes: { type: 'Contact' }, Id: '0035g00000AbC01AAA' } },
                                { matchConfidence: 90, record: { attributes: { type: 'Contact' }, Id: '0035g00000AbC02AAA' } }
                            ]
                        }
                    ]
                }
            }
        ];
        const payload = salesforceErrorPayload(400, body, 'create Contact');
        expect(payload).toMatchObject({ errorCode: 'DUPLICATES_DETECTED', matchingRecordIds: ['0035g00000AbC01AAA', '0035g00000AbC02AAA'] });
        expect(payload.message).toMatch(/update the matching record/);
        expect(salesforceErrorPayload(400, [{ errorCode: 'X', message: 'y' }], 'c')).not.toHaveProperty('matchingRecordIds');
    });
});

describe('REQUEST_LIMIT_EXCEEDED advice by cause', () => {
    const limit = (message: string) => salesforceErrorPayload(403, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message }], 'query Account');

    it('the concurrent long-running request limit clears in seconds: retry after a short wait', () => {
        for (const message of ['ConcurrentPerOrgLongTxn Limit exceeded.', 'ConcurrentRequests (Concurrent API Requests) Limit exceeded']) {
            const payload = limit(message);
            expect(payload).toMatchObject({ type: 'request_limit_exceeded', errorCode: 'REQUEST_LIMIT_EXCEEDED', status: 403 });
            expect(payload.message).toContain('retry after a short wait');
            expect(payload.message).not.toContain('24-hour');
        }
    });

    it('the daily TotalRequests limit needs the rolling 24-hour window', () => {
        const payload = limit('TotalRequests Limit exceeded.');
        expect(payload.message).toContain('24-hour window');
        expect(payload.message).not.toContain('short wait');
    });

    it('an unrecognised limit message names both causes', () => {
        const payload = limit('Limit exceeded.');
        expect(payload.message).toContain('concurrent requests');
        expect(payload.message).toContain('24-hour window');
    });
});
