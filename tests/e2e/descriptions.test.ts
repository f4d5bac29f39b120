/**
 * "Described for agents": reads the compiled definitions (.nango/nango.json, written by the global setup through
 * scripts/build.ts) and checks that every field an agent sees has a description: each action's input and output,
 * each sync's metadata input and each sync model, nested object properties and the properties of array items
 * included. Then it turns every action into the tool Nango's MCP server would list (the action's name, its
 * description, the JSON Schema draft-7 of its input as inputSchema; an input that is not a top-level object is
 * dropped by Nango) and checks each is a valid tool: a top-level object, every property described, a schema Ajv
 * compiles as draft-7, and one that accepts the recorded input of the action's own test and refuses a non-object.
 *
 * KNOWN_GAPS lists the fields still without a description. It can only shrink: a listed field that is now described
 * (or gone) fails the test too, so the list is kept exact.
 */
import fs from 'node:fs';
import path from 'node:path';

import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

import { projectRoot } from '../../scripts/build.js';

type Schema = { [key: string]: unknown };

interface Definition {
    name: string;
    description?: string;
    input: string | null;
    output: string[] | null;
    json_schema: { definitions: Record<string, Schema> };
}
interface Definitions {
    actions: Definition[];
    syncs: Definition[];
}

/** Fields still without a description; empty: every field has one. Keep it empty. */
const KNOWN_GAPS: readonly string[] = [];

function readDefinitions(): Definitions {
    const file = path.join(projectRoot, '.nango', 'nango.json');
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<Definitions & { providerConfigKey: string }>;
    const salesforce = parsed.find((p) => p.providerConfigKey === 'salesforce');
    if (!salesforce) throw new Error(`${file} has no salesforce integration`);
    return salesforce;
}

function isSchema(value: unknown): value is Schema {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasDescription(schema: unknown): boolean {
    return isSchema(schema) && typeof schema['description'] === 'string' && schema['description'].trim().length > 0;
}

/** Every field under a schema, as [path, schema]: object properties (nested, in arrays, in unions and maps). */
export function fieldsOf(schema: unknown, at: string): Array<[string, unknown]> {
    if (!isSchema(schema)) return [];
    const out: Array<[string, unknown]> = [];
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
        const branches = schema[key];
        if (Array.isArray(branches)) for (const branch of branches) out.push(...fieldsOf(branch, at));
    }
    const properties = schema['properties'];
    if (isSchema(properties)) {
        for (const [name, property] of Object.entries(properties)) {
            const here = at === '' ? name : `${at}.${name}`;
            out.push([here, property], ...fieldsOf(property, here));
        }
    }
    const items = schema['items'];
    if (Array.isArray(items)) for (const item of items) out.push(...fieldsOf(item, `${at}[]`));
    else out.push(...fieldsOf(items, `${at}[]`));
    out.push(...fieldsOf(schema['additionalProperties'], `${at}{}`));
    return out;
}

type Kind = 'inputs' | 'outputs' | 'models';

/** Every field of the package, by kind, with its label ("<function> input.<path>" / "<Model> <path>"). */
function everyField(definitions: Definitions): Array<{ kind: Kind; label: string; schema: unknown }> {
    const out: Array<{ kind: Kind; label: string; schema: unknown }> = [];
    const add = (kind: Kind, prefix: string, schema: unknown): void => {
        for (const [at, field] of fieldsOf(schema, '')) out.push({ kind, label: `${prefix}${at}`, schema: field });
    };
    for (const action of definitions.actions) {
        const defs = action.json_schema.definitions;
        if (action.input) add('inputs', `${action.name} input.`, defs[action.input]);
        for (const output of action.output ?? []) add('outputs', `${action.name} output.`, defs[output]);
    }
    const models = new Set<string>();
    for (const sync of definitions.syncs) {
        const defs = sync.json_schema.definitions;
        if (sync.input) add('inputs', `${sync.name} metadata.`, defs[sync.input]);
        for (const model of sync.output ?? []) {
            if (models.has(model)) continue;
            models.add(model);
            add('models', `${model} `, defs[model]);
        }
    }
    return out;
}

/** The tool Nango's MCP server lists for an action, or null when it drops it (input not a top-level object). */
function toolOf(action: Definition): { name: string; description: string; inputSchema: Schema } | null {
    const input = action.input ? action.json_schema.definitions[action.input] : { type: 'object', properties: {} };
    if (!isSchema(input) || input['type'] !== 'object') return null;
    return { name: action.name, description: action.description ?? '', inputSchema: { $schema: 'http://json-schema.org/draft-07/schema#', ...input } };
}

const definitions = readDefinitions();

describe('field descriptions in .nango/nango.json', () => {
    const fields = everyField(definitions);

    it('finds the fields of every kind, nested ones included', () => {
        const counts = { inputs: 0, outputs: 0, models: 0 };
        for (const field of fields) counts[field.kind]++;
        expect(counts.inputs).toBeGreaterThan(400);
        expect(counts.outputs).toBeGreaterThan(500);
        expect(counts.models).toBeGreaterThan(200);
        const labels = new Set(fields.map((f) => f.label));
        expect(labels).toContain('list-accounts output.accounts[].billingAddress.city');
        expect(labels).toContain('describe-sobject output.fields[].picklistValues[].value');
        expect(labels).toContain('get-change-notifier-status output.lastDeploy.problems[].line');
        expect(labels).toContain('SalesforceTicket conversation[].author_name');
    });

    it('the walker flags an undescribed field wherever it is nested', () => {
        const schema = {
            type: 'object',
            properties: {
                ok: { type: 'string', description: 'Described.' },
                list: {
                    description: 'Described.',
                    type: 'array',
                    items: { type: 'object', properties: { deep: { anyOf: [{ type: 'object', properties: { bare: { type: 'string' } } }, { type: 'null' }], description: 'd' } } }
                }
            }
        };
        const missing = fieldsOf(schema, '').filter(([, s]) => !hasDescription(s)).map(([at]) => at);
        expect(missing).toEqual(['list[].deep.bare']);
    });

    it('every field has a description, except the known gaps, and every known gap is still one', () => {
        const missing = fields.filter((f) => !hasDescription(f.schema)).map((f) => f.label);
        const unexpected = missing.filter((label) => !KNOWN_GAPS.includes(label));
        expect(unexpected, `fields without a description:\n${unexpected.join('\n')}`).toEqual([]);
        const closed = KNOWN_GAPS.filter((label) => !missing.includes(label));
        expect(closed, `described now (or gone): remove from KNOWN_GAPS:\n${closed.join('\n')}`).toEqual([]);
    });
});

describe('every action is a valid MCP tool', () => {
    const ajv = new Ajv({ strict: true, allErrors: true, validateFormats: false });

    it.each(definitions.actions.map((a) => [a.name, a] as const))('%s', (name, action) => {
        const tool = toolOf(action);
        expect(tool, `${name}: input is not a top-level object, Nango's MCP server drops it`).not.toBeNull();
        if (!tool) return;
        expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
        expect(tool.description.length).toBeGreaterThan(20);
        expect(isSchema(tool.inputSchema['properties'])).toBe(true);
        const bare = Object.entries(tool.inputSchema['properties'] as Schema)
            .filter(([, s]) => !hasDescription(s))
            .map(([key]) => key);
        expect(bare, `${name}: input properties without a description`).toEqual([]);
        expect(ajv.validateSchema(tool.inputSchema), `${name}: ${ajv.errorsText(ajv.errors)}`).toBe(true);
        const validate = ajv.compile(tool.inputSchema);
        expect(validate('not an object')).toBe(false);
        const recorded = path.join(projectRoot, 'salesforce', 'tests', `${name}.test.json`);
        if (fs.existsSync(recorded)) {
            const { input } = JSON.parse(fs.readFileSync(recorded, 'utf8')) as { input?: unknown };
            if (input !== undefined) expect(validate(input), `${name}: recorded input refused: ${ajv.errorsText(validate.errors)}`).toBe(true);
        }
    });
});
