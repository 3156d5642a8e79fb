// Decodes a PATCH body as JSON. When the body is malformed, the apiserver answers with Go's
// encoding/json error text (kubectl shows it verbatim, e.g. `invalid character 'x' looking for
// beginning of value`), so a small scanner reproduces those messages instead of V8's wording.

export type Decoded = { ok: true; value: unknown } | { ok: false; message: string };

export function bodyText(body: Buffer | string): string {
  return typeof body === 'string' ? body : body.toString('utf8');
}

export function decodeJson(text: string): Decoded {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: goJsonSyntaxError(text) };
  }
}

/** "json: cannot unmarshal array into Go value of type X" for a well-formed value of the wrong shape. */
export function cannotUnmarshal(value: unknown, goType: string): string {
  const kind = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
  return `json: cannot unmarshal ${kind} into Go value of type ${goType}`;
}

class SyntaxFailure extends Error {}

const END = 'unexpected end of JSON input';

/** Go's quoteChar: the offending character in single quotes, escaped like strconv.Quote. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  return `'${JSON.stringify(c).slice(1, -1)}'`;
}

/** Walks the text with encoding/json's grammar and reports the first error the way Go words it. */
export function goJsonSyntaxError(text: string): string {
  const scanner = new GoJsonScanner(text);
  try {
    scanner.document();
  } catch (e) {
    if (e instanceof SyntaxFailure) return e.message;
    throw e;
  }
  return END;
}

class GoJsonScanner {
  private i = 0;
  constructor(private readonly s: string) {}

  document(): void {
    this.value();
    this.ws();
    if (this.i < this.s.length) this.fail('after top-level value');
  }

  private peek(): string {
    if (this.i >= this.s.length) throw new SyntaxFailure(END);
    return String.fromCodePoint(this.s.codePointAt(this.i) ?? 0);
  }

  private fail(context: string): never {
    throw new SyntaxFailure(`invalid character ${quoteChar(this.peek())} ${context}`);
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\r\n'.includes(this.s[this.i])) this.i++;
  }

  private value(): void {
    this.ws();
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) if (c === word[0]) return this.literal(word);
    this.fail('looking for beginning of value');
  }

  private object(): void {
    this.i++;
    this.ws();
    if (this.peek() === '}') return void this.i++;
    for (;;) {
      this.ws();
      if (this.peek() !== '"') this.fail('looking for beginning of object key string');
      this.string();
      this.ws();
      if (this.peek() !== ':') this.fail('after object key');
      this.i++;
      this.value();
      this.ws();
      const c = this.peek();
      this.i++;
      if (c === '}') return;
      if (c !== ',') {
        this.i--;
        this.fail('after object key:value pair');
      }
    }
  }

  private array(): void {
    this.i++;
    this.ws();
    if (this.peek() === ']') return void this.i++;
    for (;;) {
      this.value();
      this.ws();
      const c = this.peek();
      this.i++;
      if (c === ']') return;
      if (c !== ',') {
        this.i--;
        this.fail('after array element');
      }
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.peek();
      if (c === '"') return void this.i++;
      if (c === '\\') {
        this.i++;
        this.escape();
        continue;
      }
      if (c < ' ') this.fail('in string literal');
      this.i += c.length;
    }
  }

  private escape(): void {
    const c = this.peek();
    if ('"\\/bfnrt'.includes(c)) return void this.i++;
    if (c !== 'u') this.fail('in string escape code');
    this.i++;
    for (let k = 0; k < 4; k++) {
      if (!/[0-9a-fA-F]/.test(this.peek())) this.fail('in \\u hexadecimal character escape');
      this.i++;
    }
  }

  private digits(context: string): void {
    if (!/[0-9]/.test(this.peek())) this.fail(context);
    while (this.i < this.s.length && /[0-9]/.test(this.s[this.i])) this.i++;
  }

  private number(): void {
    if (this.peek() === '-') this.i++;
    if (this.peek() === '0') this.i++;
    else this.digits('in numeric literal');
    if (this.s[this.i] === '.') {
      this.i++;
      this.digits('after decimal point in numeric literal');
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++;
      if (this.peek() === '+' || this.peek() === '-') this.i++;
      this.digits('in exponent of numeric literal');
    }
  }

  private literal(word: string): void {
    for (const expected of word) {
      if (this.peek() !== expected) this.fail(`in literal ${word} (expecting ${quoteChar(expected)})`);
      this.i++;
    }
  }
}
