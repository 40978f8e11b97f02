// Constant expressions, evaluated: `${"azure"}`, `${500}`, `${tolist(["IPv4", "IPv6"])}`, `${lower("X")}` and
// `${local.plugin}` where the local is itself constant are known at synth, and the gate must judge their values
// rather than skip them as it skips what Terraform resolves at apply. Anything else (a variable, which a run
// may set, a resource attribute, an operator, a function not listed here) stays an expression.

/** A value unknown at synth. */
const UNKNOWN: unique symbol = Symbol('unknown');
type Known = unknown;
type Value = Known | typeof UNKNOWN;

/** Pure functions over known values, as Terraform defines them; any other function makes the value unknown. */
const FUNCTIONS: Record<string, (...args: Known[]) => Value> = {
  tolist: (list) => unify(list),
  // A set of strings is sorted, and its elements unified to one type, as Terraform does.
  toset: (list) => {
    const items = unify(list);
    if (items === UNKNOWN || !(items as unknown[]).every((v) => typeof v === 'string' && ASCII.test(v))) return UNKNOWN;
    return [...new Set(items as string[])].sort();
  },
  tostring: (v) => (typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : typeof v === 'number' ? numberText(v) : UNKNOWN),
  tonumber: (v) => (typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v) ? Number(v) : UNKNOWN),
  tobool: (v) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : UNKNOWN),
  // Unicode case rules differ between JavaScript and Go: ASCII only.
  lower: (v) => (typeof v === 'string' && ASCII.test(v) ? v.toLowerCase() : UNKNOWN),
  upper: (v) => (typeof v === 'string' && ASCII.test(v) ? v.toUpperCase() : UNKNOWN),
  trimspace: (v) => (typeof v === 'string' ? v.trim() : UNKNOWN),
  concat: (...lists) => (lists.every(Array.isArray) ? (lists as unknown[][]).flat() : UNKNOWN),
  join: (separator, list) => (typeof separator === 'string' && Array.isArray(list) && list.every((v) => typeof v === 'string') ? list.join(separator) : UNKNOWN),
  sensitive: (v) => v,
  nonsensitive: (v) => v,
};

const ASCII = /^[\x00-\x7f]*$/;
const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;

/** A number as Terraform writes it into a string, when JavaScript writes it the same way (no exponent). */
function numberText(n: number): string | typeof UNKNOWN {
  const text = String(n);
  return /e/i.test(text) ? UNKNOWN : text;
}

/** A list's elements in one type, as Terraform converts a tuple to a list: strings when they are mixed. */
function unify(list: Known): Value {
  if (!Array.isArray(list)) return UNKNOWN;
  const kinds = new Set(list.map((v) => typeof v));
  if (kinds.size <= 1) return list;
  if ([...kinds].some((k) => k !== 'string' && k !== 'number' && k !== 'boolean')) return UNKNOWN;
  const texts = list.map((v) => (typeof v === 'number' ? numberText(v) : String(v)));
  return texts.includes(UNKNOWN as never) ? UNKNOWN : texts;
}

/** Reads one expression or template; `locals` are the stack's, followed when constant. */
class Reader {
  private at = 0;
  constructor(private readonly text: string, private readonly locals: Record<string, unknown>, private readonly depth: number) {}

  /** A whole template (the text of a written string). */
  template(end?: string): Value {
    const parts: Value[] = [];
    let literal = '';
    while (this.at < this.text.length && !(end !== undefined && this.text.startsWith(end, this.at))) {
      if (this.text.startsWith('$${', this.at) || this.text.startsWith('%%{', this.at)) {
        literal += this.text.slice(this.at + 1, this.at + 3);
        this.at += 3;
      } else if (this.text.startsWith('%{', this.at)) {
        return UNKNOWN;
      } else if (this.text.startsWith('${', this.at)) {
        if (literal) parts.push(literal);
        literal = '';
        this.at += 2;
        parts.push(this.expression());
        this.space();
        if (!this.eat('}')) return UNKNOWN;
      } else if (end !== undefined && this.text[this.at] === '\\') {
        const escape = ESCAPES[this.text[this.at + 1]];
        if (escape === undefined) return UNKNOWN;
        literal += escape;
        this.at += 2;
      } else {
        literal += this.text[this.at++];
      }
    }
    if (literal || parts.length === 0) parts.push(literal);
    if (parts.some((p) => p === UNKNOWN)) return UNKNOWN;
    // One interpolation alone keeps its type ("${500}" is a number); otherwise the parts are joined as strings.
    if (parts.length === 1) return parts[0];
    const texts = parts.map((p) => (typeof p === 'string' ? p : typeof p === 'boolean' ? String(p) : typeof p === 'number' ? numberText(p) : UNKNOWN));
    return texts.includes(UNKNOWN) ? UNKNOWN : texts.join('');
  }

  expression(): Value {
    this.space();
    const c = this.text[this.at];
    let value: Value;
    if (c === '"') {
      this.at++;
      value = this.template('"');
      if (!this.eat('"')) return UNKNOWN;
    } else if (c === '[') {
      this.at++;
      const items: Value[] = [];
      for (this.space(); !this.eat(']'); this.space()) {
        items.push(this.expression());
        this.space();
        if (!this.eat(',') && this.text[this.at] !== ']') return UNKNOWN;
      }
      value = items.some((i) => i === UNKNOWN) ? UNKNOWN : items;
    } else if (c === '(') {
      this.at++;
      value = this.expression();
      this.space();
      if (!this.eat(')')) return UNKNOWN;
    } else if (/[-0-9]/.test(c ?? '')) {
      const number = /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(this.text.slice(this.at))?.[0];
      if (number === undefined) return UNKNOWN;
      this.at += number.length;
      value = Number(number);
    } else {
      const name = /^[A-Za-z_][\w-]*/.exec(this.text.slice(this.at))?.[0];
      if (name === undefined) return UNKNOWN;
      this.at += name.length;
      if (name === 'true' || name === 'false') value = name === 'true';
      else if (name === 'null') value = null;
      else if (this.eat('(')) value = this.call(name);
      else if (name === 'local' && this.eat('.')) value = this.local();
      else return UNKNOWN;
    }
    this.space();
    // An operator, an index or an attribute after the value: not evaluated here.
    return this.at < this.text.length && !/[,\])}"]/.test(this.text[this.at]) ? UNKNOWN : value;
  }

  private call(name: string): Value {
    const args: Value[] = [];
    for (this.space(); !this.eat(')'); this.space()) {
      args.push(this.expression());
      this.space();
      if (!this.eat(',') && this.text[this.at] !== ')') return UNKNOWN;
    }
    const fn = FUNCTIONS[name];
    return fn === undefined || args.some((a) => a === UNKNOWN) ? UNKNOWN : fn(...args);
  }

  private local(): Value {
    const name = /^[A-Za-z_][\w-]*/.exec(this.text.slice(this.at))?.[0];
    if (name === undefined || !Object.prototype.hasOwnProperty.call(this.locals, name) || this.depth > 8) return UNKNOWN;
    this.at += name.length;
    return evaluate(this.locals[name], this.locals, this.depth + 1);
  }

  private space(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }

  private eat(token: string): boolean {
    if (!this.text.startsWith(token, this.at)) return false;
    this.at += token.length;
    return true;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A written value with its constant expressions evaluated, deeply; UNKNOWN when any part is not constant. */
function evaluate(value: unknown, locals: Record<string, unknown>, depth = 0): Value {
  if (typeof value === 'string') {
    if (!value.includes('${') && !value.includes('%{')) return value;
    const reader = new Reader(value, locals, depth);
    return reader.template();
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => evaluate(v, locals, depth));
    return items.some((i) => i === UNKNOWN) ? UNKNOWN : items;
  }
  return value;
}

/** Whether a value holds a string that Terraform would read as a template, were it written. */
function holdsTemplate(value: unknown): boolean {
  return typeof value === 'string' ? value.includes('${') || value.includes('%{') : Array.isArray(value) && value.some(holdsTemplate);
}

/**
 * A copy of a written body in which every string that is a constant expression is replaced by its value
 * (lists and nested blocks too); what is not constant stays as written, for the rules to skip or refuse.
 */
export function foldConstants<T>(value: T, locals: Record<string, unknown> = {}): T {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    const known = evaluate(value, locals);
    // A value that reads as an expression once evaluated (from an escaped `$${`) is left as written: it is text
    // to Terraform, and the rules must not take it for a reference.
    return (known === UNKNOWN || holdsTemplate(known) ? value : known) as T;
  }
  // Copied only where something was evaluated: most of a stack is literal, and read many times.
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((v, i) => {
      const folded = foldConstants(v, locals);
      if (folded !== v) (copy ??= [...value])[i] = folded;
    });
    return (copy ?? value) as T;
  }
  if (typeof value === 'object' && value !== null) {
    let copy: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const folded = foldConstants(v, locals);
      if (folded !== v) (copy ??= { ...(value as Record<string, unknown>) })[k] = folded;
    }
    return (copy ?? value) as T;
  }
  return value;
}
