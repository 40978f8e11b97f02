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
  tolist: (list) => (Array.isArray(list) ? list : UNKNOWN),
  toset: (list) => (Array.isArray(list) ? [...new Set(list.map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v)) : UNKNOWN),
  tostring: (v) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : UNKNOWN),
  tonumber: (v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : UNKNOWN),
  tobool: (v) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : UNKNOWN),
  lower: (v) => (typeof v === 'string' ? v.toLowerCase() : UNKNOWN),
  upper: (v) => (typeof v === 'string' ? v.toUpperCase() : UNKNOWN),
  trimspace: (v) => (typeof v === 'string' ? v.trim() : UNKNOWN),
  concat: (...lists) => (lists.every(Array.isArray) ? (lists as unknown[][]).flat() : UNKNOWN),
  join: (separator, list) => (typeof separator === 'string' && Array.isArray(list) && list.every((v) => typeof v === 'string') ? list.join(separator) : UNKNOWN),
  sensitive: (v) => v,
  nonsensitive: (v) => v,
};

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
    return parts.every((p) => typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean') ? parts.join('') : UNKNOWN;
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

/**
 * A copy of a written body in which every string that is a constant expression is replaced by its value
 * (lists and nested blocks too); what is not constant stays as written, for the rules to skip or refuse.
 */
export function foldConstants<T>(value: T, locals: Record<string, unknown> = {}): T {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    const known = evaluate(value, locals);
    return (known === UNKNOWN ? value : known) as T;
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
