/** The small XML S3 speaks: escaping and building response documents, and parsing the two request bodies. */
import { parseXML } from '@aws-sdk/xml-builder';

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

/** Text escaped for an XML element; CR, LF and TAB as character references so parsers keep them exactly. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r\n\t]/g, (character) => escapes[character] ?? character);
}

/** `<name>escaped value</name>`. */
export function xmlElement(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<name>` around already-built children. */
export function xmlGroup(name: string, children: string[]): string {
  return `<${name}>${children.join('')}</${name}>`;
}

/** A complete S3 response document with its namespace. */
export function xmlDocument(root: string, children: string[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${children.join('')}</${root}>`
  );
}

/** A parsed XML node as the SDK's parser returns it: text, or named children (repeated names become arrays). */
export type XmlValue = string | { [name: string]: XmlValue | XmlValue[] };

/**
 * Parses a request body with the SDK's own XML parser. Character references above U+FFFF are decoded first
 * because that parser turns them into lone surrogates. Undefined when the body is not well-formed XML.
 */
export function parseRequestXml(body: string): Record<string, XmlValue> | undefined {
  const astral = body.replace(/&#(x[0-9a-fA-F]{5,6}|\d{5,7});/g, (reference, digits: string) => {
    const codePoint = digits.startsWith('x') ? parseInt(digits.slice(1), 16) : parseInt(digits, 10);
    return codePoint > 0xffff && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : reference;
  });
  try {
    const parsed: unknown = parseXML(astral);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, XmlValue>) : undefined;
  } catch {
    return undefined;
  }
}

/** The child elements called `name`, as a list whether there were none, one or many. */
export function xmlChildren(node: XmlValue | XmlValue[] | undefined, name: string): XmlValue[] {
  if (node === undefined || typeof node === 'string' || Array.isArray(node)) return [];
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of the child element `name`, or undefined. */
export function xmlText(node: XmlValue | XmlValue[] | undefined, name: string): string | undefined {
  const [child] = xmlChildren(node, name);
  if (child === undefined) return undefined;
  if (typeof child === 'string') return child;
  const text = child['#text'];
  return typeof text === 'string' ? text : Object.keys(child).length === 0 ? '' : undefined;
}
