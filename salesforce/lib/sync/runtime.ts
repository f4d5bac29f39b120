/**
 * What the sync modules need of Nango's sync runtime, and how a sync reports a failure.
 */
import type { NangoClient } from '../http/api.js';
import { InputError, type SalesforceErrorPayload } from '../http/errors.js';

/** What the engine needs of Nango's sync runtime (method syntax keeps the typed runtime assignable). */
export interface SyncRuntime extends NangoClient {
    batchSave(records: any[], model: string): unknown;
    batchDelete(records: any[], model: string): unknown;
    getCheckpoint(): Promise<unknown>;
    saveCheckpoint(checkpoint: any): Promise<void>;
    getMetadata(): Promise<unknown>;
    /** The records Nango holds for a model (what reconciliation compares with Salesforce's ids). */
    listRecords?(model: string): AsyncIterable<{ id: string }>;
}

/** The Salesforce error code of an ActionError thrown by the lib, if any. */
export function errorCodeOf(error: unknown): string | undefined {
    const payload = (error as { payload?: Partial<SalesforceErrorPayload> } | null)?.payload;
    return typeof payload?.errorCode === 'string' ? payload.errorCode : undefined;
}

/** Syncs report failures as plain Errors with our message (an ActionError's own message is empty). */
export function toSyncError(error: unknown): unknown {
    if (error instanceof InputError) {
        return new Error(`Invalid sync configuration: ${error.message}`);
    }
    const payload = (error as { payload?: Partial<SalesforceErrorPayload> } | null)?.payload;
    if (payload && typeof payload.message === 'string') {
        return Object.assign(new Error(payload.message), { payload });
    }
    return error;
}
