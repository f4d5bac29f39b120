/**
 * The replication resources (reference §12.2): sObject Get Updated and sObject Get Deleted.
 *
 *   GET /services/data/vXX.X/sobjects/{X}/updated/?start=…&end=…  → { ids, latestDateCovered }
 *   GET /services/data/vXX.X/sobjects/{X}/deleted/?start=…&end=…  → { deletedRecords: [{id, deletedDate}],
 *                                                                     earliestDateAvailable, latestDateCovered }
 *
 * What Salesforce documents and the emulator follows (REST API "sObject Get Updated", "sObject Get Deleted", "Get a
 * List of Updated Records Within a Given Timeframe"; SOAP API "getUpdated()", "getDeleted()", "GetUpdatedResult",
 * "GetDeletedResult"):
 * - start and end are ISO 8601 dateTimes in UTC, URL-encoded (`2013-05-06T00%3A00%3A00%2B00%3A00`); "The API ignores
 *   the seconds portion of the specified dateTime value (for example, 12:35:15 is interpreted as 12:35:00 UTC)", so
 *   both are rounded down to the minute. An unencoded `+00:00` arrives as a space and does not parse.
 * - start must chronologically precede end, "Otherwise, the API returns an INVALID_REPLICATION_DATE error" (after the
 *   rounding: a window inside one minute is empty and refused, "by more than one minute" in the getDeleted guide).
 * - Get Updated looks back no more than 30 days, Get Deleted 15 (the Recycle Bin's span); an older start answers
 *   INVALID_REPLICATION_DATE "startDate before org replication enabled date" (the wording recorded for a too-old start).
 *   An end in the future is accepted.
 * - At most 600,000 ids, "If more than 600,000 IDs are found, EXCEEDED_ID_LIMIT is returned".
 * - Get Updated goes by SystemModstamp ("If SystemModstamp isn't available, the call uses LastModifiedDate"; an object
 *   with neither, a history object, by CreatedDate here); deletedDate is the delete's SystemModstamp.
 * - latestDateCovered is "less than or equal to endDate"; "If Salesforce executes a long-running transaction on your
 *   instance, the value in this field is the start time of that long-running transaction until it completes". The
 *   emulator answers the rounded end, capped at the current minute and, while a long transaction (Org.lateCommit /
 *   beginLongTransaction) is open, at the minute of its start.
 * - earliestDateAvailable: "the timestamp … of the last physically deleted object": deletes before it may be missing
 *   from the answer (delete-log purge, Recycle Bin purge, hard delete: Org.purgeDeleteLog, emptyRecycleBin,
 *   hardDelete). The guide also says a window starting before a purge fails with INVALID_REPLICATION_DATE; the emulator
 *   answers 200 and lets earliestDateAvailable tell, unless SalesforceState.replication.purgedStartFails is set.
 * - The object must be replicateable (describe); the message for one that isn't is the recorded "sObject type X is not
 *   replicable" (400); its error code is not in a recording: INVALID_TYPE here.
 * - Available from API 29.0 (Get Deleted) / 31.0 (Get Updated, in the current guide); the emulator serves 31.0+ only.
 *
 * Simplifications: ids come in table order, without sharing rules (the API user sees everything, as with View All
 * Data); a deleted record is not in Get Updated; the error messages other than the recorded one are the emulator's.
 * Not documented, chosen as the harder case: a record deleted and then undeleted stays in Get Deleted's answer for
 * its delete (Org.undeletedLog).
 */
import { SfError } from '../errors.js';
import { json, type Req, type Res } from '../http.js';
import type { ObjectDef } from '../org/schema.js';
import { formatDateTime, parseDateTime } from '../org/values.js';
import type { SalesforceState } from '../state.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far back each resource looks. */
const REACH_DAYS = { updated: 30, deleted: 15 } as const;

const floorMinute = (ms: number): number => Math.floor(ms / MINUTE) * MINUTE;

const replicationDate = (message: string): SfError => new SfError(400, 'INVALID_REPLICATION_DATE', message);

function parseParam(req: Req, name: 'start' | 'end'): number {
    const raw = req.url.searchParams.get(name);
    if (raw === null || raw.trim() === '') throw new SfError(400, 'MISSING_ARGUMENT', `Missing required parameter: ${name}`);
    const ms = parseDateTime(raw.trim());
    if (ms === null) throw replicationDate(`${name}: '${raw}' is not an ISO 8601 dateTime (e.g. 2013-05-06T00:00:00+00:00, URL-encoded)`);
    return floorMinute(ms);
}

/** The field a record's change date is read from. */
function stampField(def: ObjectDef): string | undefined {
    for (const f of ['SystemModstamp', 'LastModifiedDate', 'CreatedDate']) if (def.byName.has(f.toLowerCase())) return f;
    return undefined;
}

/** GET /sobjects/{X}/updated and /sobjects/{X}/deleted. */
export function replication(req: Req, s: SalesforceState, def: ObjectDef, kind: 'updated' | 'deleted'): Res {
    const endpoint = `GET /sobjects/${def.name}/${kind}`;
    if (!def.replicateable) throw new SfError(400, 'INVALID_TYPE', `sObject type ${def.name} is not replicable`);
    const org = s.org;
    const start = parseParam(req, 'start');
    const end = parseParam(req, 'end');
    if (start >= end) throw replicationDate('startDate must chronologically precede endDate');
    const now = org.now();
    if (start < floorMinute(now) - REACH_DAYS[kind] * DAY) throw replicationDate('startDate before org replication enabled date');
    const open = org.oldestOpenTransactionStart();
    const covered = floorMinute(Math.min(end, now, open ?? Infinity));
    const table = org.tables.get(def.name);
    const field = stampField(def);
    const limit = s.replication.idLimit;
    const tooMany = (): SfError => new SfError(400, 'EXCEEDED_ID_LIMIT', `More than ${limit} ids were found; choose start and end dates that are closer together`);
    if (kind === 'updated') {
        const ids: string[] = [];
        if (table && field) {
            for (const rec of table.records.values()) {
                if (rec['IsDeleted'] === true) continue;
                const at = rec[field];
                if (typeof at !== 'number' || at < start || at >= end) continue;
                if (ids.push(rec['Id'] as string) > limit) throw tooMany();
            }
        }
        return { ...json(200, { ids, latestDateCovered: formatDateTime(covered) }), endpoint };
    }
    const earliest = floorMinute(org.deleteLogStart(def.name));
    if (s.replication.purgedStartFails && start < earliest) {
        throw replicationDate(`startDate is before earliestDateAvailable (${formatDateTime(earliest)}): the delete log was purged; resynchronize`);
    }
    const floor = org.deleteLogStart(def.name);
    const deletedRecords: Array<{ id: string; deletedDate: string }> = [];
    if (table && def.byName.has('isdeleted')) {
        for (const rec of table.records.values()) {
            if (rec['IsDeleted'] !== true) continue;
            const at = rec['SystemModstamp'];
            if (typeof at !== 'number' || at < start || at >= end || at < floor) continue;
            if (deletedRecords.push({ id: rec['Id'] as string, deletedDate: formatDateTime(at) }) > limit) throw tooMany();
        }
        // deletes undone since: still in the log (see Org.undeletedLog), unless the record is deleted again (listed above)
        for (const { id, deletedAt } of org.undeletedLog.get(def.name) ?? []) {
            if (deletedAt < start || deletedAt >= end || deletedAt < floor || table.records.get(id)?.['IsDeleted'] === true) continue;
            if (deletedRecords.push({ id, deletedDate: formatDateTime(deletedAt) }) > limit) throw tooMany();
        }
    }
    return { ...json(200, { deletedRecords, earliestDateAvailable: formatDateTime(earliest), latestDateCovered: formatDateTime(covered) }), endpoint };
}
