#!/usr/bin/env node
// Writes .nango/nango.json from the bundles in build/, with the nango CLI's own definitions parser, as the last
// step of `nango compile` does. Run with plain node: it imports the .cjs bundles, and a TypeScript loader such as
// tsx would change the shape of what they export. Usage: node scripts/definitions.mjs [projectRoot]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const dist = path.join(path.dirname(require.resolve('nango/package.json')), 'dist');
const fullPath = path.resolve(process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..'));
const { parseIntegrationDefinitions } = await import(pathToFileURL(path.join(dist, 'zeroYaml', 'definitions.js')).href);
const { generateFunctionsJson } = await import(pathToFileURL(path.join(dist, 'services', 'model.service.js')).href);
const parsed = await parseIntegrationDefinitions({ fullPath, debug: false });
if (parsed.isErr()) {
    const error = parsed.error;
    process.stderr.write(`${typeof error?.toText === 'function' ? error.toText() : (error?.message ?? String(error))}\n`);
    process.exit(1);
}
// what generateNangoJson writes, through a temporary file so that a test reading it never sees half of it
const target = path.join(fullPath, '.nango', 'nango.json');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(`${target}.${process.pid}.tmp`, JSON.stringify(parsed.value.integrations, null, 2));
fs.renameSync(`${target}.${process.pid}.tmp`, target);
generateFunctionsJson({ fullPath, functions: parsed.value.functions, debug: false });
