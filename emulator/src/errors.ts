/** A Salesforce REST error: rendered as `[{message, errorCode, fields?}]` with the given HTTP status. */
export class SfError extends Error {
    constructor(
        readonly status: number,
        readonly errorCode: string,
        message: string,
        readonly fields?: string[]
    ) {
        super(message);
    }

    toJSON(): { message: string; errorCode: string; fields?: string[] } {
        return this.fields ? { message: this.message, errorCode: this.errorCode, fields: this.fields } : { message: this.message, errorCode: this.errorCode };
    }
}

export const notFound = (message = 'The requested resource does not exist'): SfError => new SfError(404, 'NOT_FOUND', message);
export const entityIsDeleted = (): SfError => new SfError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
export const invalidField = (field: string, object: string): SfError =>
    new SfError(
        400,
        'INVALID_FIELD',
        `No such column '${field}' on sobject of type ${object}`
    );
