/**
 * Names for a misspelled sObject: when Salesforce says an object does not exist, the nearest names the org has.
 *
 * How an unknown object reaches us ("REST API Developer Guide: Status Codes and Error Responses", "SOQL and SOSL
 * Reference"): a resource under /sobjects/{name} answers 404 NOT_FOUND "The requested resource does not exist"
 * (the same answer as a missing record id, so the org's object list decides which it was); SOQL and SOSL answer 400
 * INVALID_TYPE "sObject type 'Acount' is not supported. …".
 *
 * Pure functions only: the request that lists the org's objects lives with `request` (lib/http/api.ts).
 */
import type { SalesforceErrorPayload } from '../http/errors.js';

/** How many names are suggested. */
export const SUGGESTION_COUNT = 3;

/** Edit distance (insertions, deletions, substitutions), compared case-insensitively. */
export function editDistance(a: string, b: string): number {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
        const current = [i];
        for (let j = 1; j <= y.length; j++) {
            const substitution = (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1);
            current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
        }
        previous = current;
    }
    return previous[y.length] ?? 0;
}

/**
 * The names nearest to `name`, best first (ties by name), at most `count`; names too far to be a typo (more than
 * half the name's length, at least 2) are left out, so a name unlike any object gets no suggestions.
 */
export function nearestNames(name: string, names: readonly string[], count = SUGGESTION_COUNT): string[] {
    const limit = Math.max(2, Math.floor(name.length / 2));
    return [...new Set(names)]
        .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
        .filter((entry) => entry.distance <= limit)
        .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
        .slice(0, count)
        .map((entry) => entry.candidate);
}

const DATA_PATH_SOBJECT = /^\/services\/data\/v\d+\.\d+\/(?:sobjects|composite\/sobjects)\/([A-Za-z][A-Za-z0-9_]*)(?:\/|$)/;
const UNSUPPORTED_TYPE = /sObject type '([A-Za-z][A-Za-z0-9_]*)' is not supported/;

/**
 * The object name an error may be about: from INVALID_TYPE's message, or, for a 404 NOT_FOUND, from the endpoint
 * (/sobjects/{name}… or /composite/sobjects/{name}/{field}). Undefined for every other error.
 */
export function sObjectNameOfError(payload: Pick<SalesforceErrorPayload, 'errorCode' | 'message' | 'status'>, endpoint: string): string | undefined {
    if (payload.errorCode === 'INVALID_TYPE') {
        return UNSUPPORTED_TYPE.exec(payload.message)?.[1];
    }
    if (payload.errorCode === 'NOT_FOUND' && payload.status === 404) {
        return DATA_PATH_SOBJECT.exec(endpoint)?.[1];
    }
    return undefined;
}

/**
 * The payload for an object the org does not have: type `not_found`, the nearest names in the message and in
 * `suggestions`. Returns the payload unchanged when the org does have the object (the error was about something
 * else, such as a missing record).
 */
export function withSObjectSuggestions(payload: SalesforceErrorPayload, name: string, orgNames: readonly string[]): SalesforceErrorPayload {
    if (orgNames.some((candidate) => candidate.toLowerCase() === name.toLowerCase())) {
        return payload;
    }
    const suggestions = nearestNames(name, orgNames);
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : ' No object has a similar name; list them with describe-global.';
    return {
        ...payload,
        type: 'not_found',
        message: `${payload.message} The org has no sObject named "${name}" that the connected user can see.${hint}`,
        suggestions
    };
}
