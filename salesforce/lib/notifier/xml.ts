/**
 * A small XML reader for the SOAP answers of the Metadata API, whose results nest elements of the same name
 * (a DeployResult's `id` and its component failures' `id`), so that reading them by direct children matters.
 * Handles what Salesforce sends: a declaration, namespace prefixes (dropped), attributes, self-closing elements,
 * entity and character references, CDATA. Function code may not import an XML library.
 */
import { unescapeXml } from '../crm/soap.js';

export interface XmlNode {
    /** Local name, without its namespace prefix. */
    name: string;
    attributes: Record<string, string>;
    children: XmlNode[];
    /** The element's own text (its children's text not included), entities decoded. */
    text: string;
}

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

export function parseXml(source: string): XmlNode {
    const root: XmlNode = { name: '#document', attributes: {}, children: [], text: '' };
    const stack: XmlNode[] = [root];
    const tag = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
    let last = 0;
    for (let m = tag.exec(source); m !== null; m = tag.exec(source)) {
        const top = stack[stack.length - 1] as XmlNode;
        top.text += unescapeXml(source.slice(last, m.index));
        last = tag.lastIndex;
        if (m[1] !== undefined) {
            top.text += m[1];
        } else if (m[2] !== undefined) {
            if (stack.length > 1 && top.name === localName(m[2])) stack.pop();
            else throw new Error(`unexpected </${m[2]}> in the answer`);
        } else if (m[3] !== undefined) {
            const attributes: Record<string, string> = {};
            for (const a of (m[4] ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
                attributes[localName(a[1] ?? '')] = unescapeXml(a[2] ?? a[3] ?? '');
            }
            const node: XmlNode = { name: localName(m[3]), attributes, children: [], text: '' };
            top.children.push(node);
            if (m[5] !== '/') stack.push(node);
        }
    }
    if (stack.length > 1) throw new Error(`the answer ends inside <${(stack[stack.length - 1] as XmlNode).name}>`);
    return root;
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
    return node ? node.children.filter((c) => c.name === name) : [];
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
    return node?.children.find((c) => c.name === name);
}

/** Trimmed text of the first child with this name; null when absent, empty or xsi:nil. */
export function childText(node: XmlNode | undefined, name: string): string | null {
    const c = child(node, name);
    if (!c || c.attributes['nil'] === 'true') return null;
    const text = c.text.trim();
    return text.length > 0 ? text : null;
}

/** The first element with this name anywhere below node (depth first). */
export function find(node: XmlNode | undefined, name: string): XmlNode | undefined {
    if (!node) return undefined;
    for (const c of node.children) {
        if (c.name === name) return c;
        const deeper = find(c, name);
        if (deeper) return deeper;
    }
    return undefined;
}
