// Strict field validation, duplicate half: finds keys repeated inside one object of a raw request
// body. JSON bodies report upstream's `duplicate field "spec.replicas"` (paths as for unknown
// fields, list items as [i]); YAML bodies report what upstream's YAML decoder says,
// `line 7: key "replicas" already set in map`. JSON.parse silently keeps the last duplicate, so this
// must look at the text itself.

import { isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { goQuote } from './strict-errors.js';

class JsonScanner {
  pos = 0;
  readonly out: string[] = [];
  constructor(private readonly text: string) {}

  private ws(): void {
    while (this.pos < this.text.length && ' \t\r\n'.includes(this.text[this.pos])) this.pos++;
  }

  private string(): string {
    const start = this.pos;
    this.pos++; // opening quote
    while (this.pos < this.text.length && this.text[this.pos] !== '"') this.pos += this.text[this.pos] === '\\' ? 2 : 1;
    this.pos++;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private object(path: string): void {
    const seen = new Set<string>();
    this.pos++;
    for (this.ws(); this.text[this.pos] !== '}' && this.pos < this.text.length; this.ws()) {
      const key = this.string();
      const child = path ? `${path}.${key}` : key;
      if (seen.has(key)) this.out.push(`duplicate field ${goQuote(child)}`);
      seen.add(key);
      this.ws();
      this.pos++; // colon
      this.value(child);
      this.ws();
      if (this.text[this.pos] === ',') this.pos++;
    }
    this.pos++;
  }

  private array(path: string): void {
    this.pos++;
    for (let i = 0; (this.ws(), this.text[this.pos] !== ']') && this.pos < this.text.length; i++) {
      this.value(`${path}[${i}]`);
      this.ws();
      if (this.text[this.pos] === ',') this.pos++;
    }
    this.pos++;
  }

  value(path: string): void {
    this.ws();
    const c = this.text[this.pos];
    if (c === '{') this.object(path);
    else if (c === '[') this.array(path);
    else if (c === '"') this.string();
    else while (this.pos < this.text.length && !',]} \t\r\n'.includes(this.text[this.pos])) this.pos++;
  }
}

/** Duplicate keys of a JSON text that JSON.parse accepts; `[]` for invalid JSON (the decoder reports that). */
export function findDuplicateJsonFields(text: string): string[] {
  try {
    JSON.parse(text);
  } catch {
    return [];
  }
  const s = new JsonScanner(text);
  s.value('');
  return s.out;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return typeof key.value === 'string' ? goQuote(key.value) : String(key.value);
  return String(key);
}

/** Duplicate keys of a YAML text, upstream's YAML wording; `[]` when the YAML does not parse. */
export function findDuplicateYamlFields(text: string): string[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (doc.errors.length) return [];
  const out: string[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(k)) {
          const offset = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : 0;
          out.push(`line ${lineCounter.linePos(offset).line}: key ${keyText(pair.key)} already set in map`);
        }
        seen.add(k);
      }
    },
  });
  return out;
}

/** Picks the JSON or YAML scanner from the request's content type (JSON when it looks like JSON). */
export function findDuplicateFields(text: string, contentType = ''): string[] {
  const yamlBody = /yaml/i.test(contentType) || (!contentType && !/^\s*[{[]/.test(text));
  return yamlBody ? findDuplicateYamlFields(text) : findDuplicateJsonFields(text);
}
