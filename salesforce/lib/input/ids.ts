/**
 * Salesforce record ids: 15 characters (case-sensitive) or 18 (15 plus a case-checksum), base-62, the first three
 * characters a key prefix naming the object type.
 */
import { InputError } from '../http/errors.js';
import { printable } from './names.js';

/** Pattern of a record id (also published in the input JSON schemas). */
export const RECORD_ID_PATTERN = '^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$';
const ID_RE = new RegExp(RECORD_ID_PATTERN);
const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Key prefixes of standard objects whose prefix never changes; custom objects' prefixes vary by org. */
export const KEY_PREFIXES: Readonly<Record<string, string>> = {
    Account: '001',
    Contact: '003',
    User: '005',
    Opportunity: '006',
    Lead: '00Q',
    Case: '500',
    Task: '00T',
    Event: '00U',
    Campaign: '701',
    CampaignMember: '00v',
    CampaignMemberStatus: '01Y',
    Contract: '800',
    Order: '801',
    Product2: '01t',
    Pricebook2: '01s',
    CaseComment: '00a',
    EmailMessage: '02s',
    Note: '002',
    Attachment: '00P',
    RecordType: '012',
    Profile: '00e',
    UserRole: '00E',
    Group: '00G',
    Organization: '00D'
};

const PREFIX_BY_LOWER_NAME = new Map(Object.entries(KEY_PREFIXES).map(([name, prefix]) => [name.toLowerCase(), prefix]));

function checksum(id15: string): string {
    let suffix = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        let flags = 0;
        for (let position = 0; position < 5; position++) {
            const char = id15.charAt(chunk * 5 + position);
            if (char >= 'A' && char <= 'Z') {
                flags |= 1 << position;
            }
        }
        suffix += CHECKSUM_ALPHABET.charAt(flags);
    }
    return suffix;
}

/** True for a well-formed 15- or 18-character id whose checksum (if 18) matches. */
export function isRecordId(value: unknown): value is string {
    if (typeof value !== 'string' || !ID_RE.test(value)) {
        return false;
    }
    return value.length === 15 || value.slice(15).toUpperCase() === checksum(value.slice(0, 15));
}

/** The 18-character form of a 15- or 18-character id (`001D000000IqhSL` → `001D000000IqhSLIAZ`). */
export function toId18(id: string): string {
    if (!isRecordId(id)) {
        throw new InputError(`"${printable(id)}" is not a Salesforce record id (15 or 18 letters and digits)`, 'recordId');
    }
    return id.length === 18 ? id.slice(0, 15) + id.slice(15).toUpperCase() : id + checksum(id);
}

/** Two ids name the same record (15 vs 18 characters, checksum case ignored). */
export function sameId(a: string, b: string): boolean {
    return isRecordId(a) && isRecordId(b) && toId18(a) === toId18(b);
}

/**
 * Validates a record id; when the sObject is a standard object with a fixed key prefix, the id must carry it
 * (an Account id cannot name a Contact).
 */
export function assertRecordId(value: unknown, path = 'recordId', sObject?: string): string {
    if (typeof value !== 'string' || !ID_RE.test(value)) {
        const shown = typeof value === 'string' ? `"${printable(value, 40)}"` : String(value);
        throw new InputError(`${shown} is not a Salesforce record id (15 or 18 letters and digits, e.g. 001D000000IqhSLIAZ)`, path);
    }
    if (!isRecordId(value)) {
        throw new InputError(`"${value}" has a wrong checksum in its last three characters; copy the id again`, path);
    }
    const expected = sObject ? PREFIX_BY_LOWER_NAME.get(sObject.toLowerCase()) : undefined;
    if (expected && value.slice(0, 3) !== expected) {
        throw new InputError(`"${value}" is not an id of ${sObject} (${sObject} ids start with ${expected})`, path);
    }
    return value;
}

/**
 * Validates a record id whose key prefix must be one of `prefixes`: ids of records that are not an sObject of
 * KEY_PREFIXES (a Bulk API job 750, a report 00O, a report instance 0LG, a work item 04i) or that may be of several
 * kinds (a file's 068 or 069 id; a contact, lead or user). `what` completes the message: `"…" is not ${what}`.
 */
export function assertIdWithPrefix(value: unknown, path: string, prefixes: readonly string[], what: string): string {
    const id = assertRecordId(value, path);
    if (!prefixes.includes(id.slice(0, 3))) {
        throw new InputError(`"${id}" is not ${what}`, path);
    }
    return id;
}

/** A Bulk API 2.0 job id: a record id with the key prefix 750. */
export function assertBulkJobId(value: unknown, path = 'jobId'): string {
    return assertIdWithPrefix(value, path, ['750'], 'a Bulk API job id (job ids start with 750, e.g. 7505g00000AbCdEAAV)');
}
