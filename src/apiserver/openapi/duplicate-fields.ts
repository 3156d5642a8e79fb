// Strict field validation, duplicate half: finds keys repeated inside one object of a raw request
// body. JSON bodies report upstream's `duplicate field "spec.replicas"` (paths as for unknown
// fields, list items as [i]); YAML bodies report what upstream's YAML decoder says,
// `line 7: key "replicas" already set in map`. JSON.parse silently keeps the last duplicate, so this
// must look at the text itself.

import { lazyModule } from '../lazy-module.js';
import { goQuote } from './strict-errors.js';

// Loaded on the first YAML body: see lazy-module.ts.
const yaml = lazyModule<typeof import('yaml')>('yaml');

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isSpace = (c: number): boolean => c === SPACE || c === TAB || c === LF || c === CR;

/**
 * Walks a JSON text that JSON.parse accepted, keeping the path as a stack of keys and indexes: the
 * path text is only built for a duplicate, as this runs on every strict write.
 */
class JsonScanner {
  pos = 0;
  readonly out: string[] = [];
  private readonly path: (string | number)[] = [];
  constructor(private readonly text: string) {}

  private ws(): void {
    while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  private string(): string {
    const t = this.text;
    const start = this.pos + 1; // after the opening quote
    let p = start;
    let escaped = false;
    for (; p < t.length; p++) {
      const c = t.charCodeAt(p);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        p++;
      }
    }
    this.pos = p + 1;
    return escaped ? (JSON.parse(t.slice(start - 1, p + 1)) as string) : t.slice(start, p);
  }

  private pathText(): string {
    let out = '';
    for (const seg of this.path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
    return out;
  }

  private object(): void {
    const seen = new Set<string>();
    this.pos++;
    for (this.ws(); this.pos < this.text.length && this.text.charCodeAt(this.pos) !== CLOSE_BRACE; this.ws()) {
      const key = this.string();
      this.path.push(key);
      if (seen.has(key)) this.out.push(`duplicate field ${goQuote(this.pathText())}`);
      seen.add(key);
      this.ws();
      this.pos++; // colon
      this.value();
      this.path.pop();
      this.ws();
      if (this.text.charCodeAt(this.pos) === COMMA) this.pos++;
    }
    this.pos++;
  }

  private array(): void {
    this.pos++;
    for (let i = 0; (this.ws(), this.pos < this.text.length && this.text.charCodeAt(this.pos) !== CLOSE_BRACKET); i++) {
      this.path.push(i);
      this.value();
      this.path.pop();
      this.ws();
      if (this.text.charCodeAt(this.pos) === COMMA) this.pos++;
    }
    this.pos++;
  }

  value(): void {
    this.ws();
    const c = this.text.charCodeAt(this.pos);
    if (c === OPEN_BRACE) this.object();
    else if (c === OPEN_BRACKET) this.array();
    else if (c === QUOTE) this.string();
    else this.scalar();
  }

  private scalar(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isSpace(c)) return;
      this.pos++;
    }
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
  s.value();
  return s.out;
}

function keyText(key: unknown): string {
  if (yaml().isScalar(key)) return typeof key.value === 'string' ? goQuote(key.value) : String(key.value);
  return String(key);
}

/** Duplicate keys of a YAML text, upstream's YAML wording; `[]` when the YAML does not parse. */
export function findDuplicateYamlFields(text: string): string[] {
  const { isScalar, LineCounter, parseDocument, visit } = yaml();
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
