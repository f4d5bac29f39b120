/**
 * Salesforce's replication API (`getUpdated` / `getDeleted` over REST): what Salesforce itself says it has committed
 * up to a time, and which records were deleted in a window. Both answer for replicateable objects only, at most 30
 * (updated) or 15 (deleted) days back, with times rounded down to the minute.
 */
import { paths, request, type NangoClient } from '../http/api.js';
import { normalizeDateTime } from '../soql/builder.js';

/** A time as the replication API takes it: UTC, seconds cut (it rounds down to the minute itself). */
function replicationTime(ms: number): string {
    return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}

/**
 * How far back the `latestDateCovered` probe looks. latestDateCovered depends on the end, not on the window, so a
 * short one keeps its list of ids small (and under the 600,000-id limit while a big load runs).
 */
const PROBE_WINDOW_MS = 2 * 60_000;

/**
 * The time up to which Salesforce has committed every change of the object: `latestDateCovered` of getUpdated, which
 * stops before a transaction still running (an Apex batch, a Bulk load) whose writes are stamped earlier than their
 * commit. One call; the ids it lists are not used.
 */
export async function latestDateCovered(nango: NangoClient, sObject: string, serverNow: number): Promise<string> {
    const response = await request<{ latestDateCovered?: string }>(nango, {
        method: 'GET',
        endpoint: paths.updated(sObject),
        params: { start: replicationTime(serverNow - PROBE_WINDOW_MS), end: replicationTime(serverNow) },
        context: `ask Salesforce how far ${sObject} changes are committed`
    });
    if (typeof response.data.latestDateCovered !== 'string') {
        throw new Error(`Salesforce answered getUpdated of ${sObject} without latestDateCovered`);
    }
    return normalizeDateTime(response.data.latestDateCovered);
}

export interface DeletedWindow {
    ids: string[];
    /** The oldest time the delete log still covers: deletes before it may be missing from `ids`. */
    earliestDateAvailable: string;
    latestDateCovered: string;
}

/** Records of the object deleted between `start` and `end` (getDeleted); hard-deleted and purged ones included. */
export async function deletedBetween(nango: NangoClient, sObject: string, start: number, end: number): Promise<DeletedWindow> {
    const response = await request<{ deletedRecords?: Array<{ id?: string }>; earliestDateAvailable?: string; latestDateCovered?: string }>(nango, {
        method: 'GET',
        endpoint: paths.deleted(sObject),
        params: { start: replicationTime(start), end: replicationTime(end) },
        context: `list deleted ${sObject} records`
    });
    const data = response.data;
    if (typeof data.earliestDateAvailable !== 'string' || typeof data.latestDateCovered !== 'string') {
        throw new Error(`Salesforce answered getDeleted of ${sObject} without earliestDateAvailable / latestDateCovered`);
    }
    return {
        ids: (data.deletedRecords ?? []).map((r) => r.id).filter((id): id is string => typeof id === 'string'),
        earliestDateAvailable: normalizeDateTime(data.earliestDateAvailable),
        latestDateCovered: normalizeDateTime(data.latestDateCovered)
    };
}
