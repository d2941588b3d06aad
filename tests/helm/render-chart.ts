/**
 * A small renderer for Helm charts, enough to run `helm template` on this project's chart where no Helm binary
 * exists (this machine, a developer's laptop). It implements Go's text/template semantics that the chart uses:
 * whitespace trimming, if/else if/else, with, range (lists and maps, with variables), define/include/template,
 * variables, pipelines, parenthesised calls, and the Sprig/Helm functions listed in FUNCTIONS. Anything else is
 * an error, never a silent guess, so a template that uses an unsupported function fails here rather than
 * rendering wrongly. Like Helm it errors on a field of a nil value, and `lookup` finds nothing (as in
 * `helm template`). The CI workflow still runs the real `helm lint` / `helm template` + kubeconform.
 */
import { createHash, randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dump, load } from "js-yaml";

type Value = unknown;
type Node =
  | { kind: "text"; text: string }
  | { kind: "action"; pipe: Pipeline; line: number }
  | { kind: "if" | "with"; branches: { pipe: Pipeline; body: Node[] }[]; otherwise: Node[] | null; line: number }
  | { kind: "range"; pipe: Pipeline; body: Node[]; otherwise: Node[] | null; line: number }
  | { kind: "template"; name: string; pipe: Pipeline | null; line: number };
type Pipeline = { declare: string[]; assign: boolean; commands: Operand[][] };
type Operand =
  | { kind: "field"; chain: string[] }
  | { kind: "variable"; name: string; chain: string[] }
  | { kind: "literal"; value: Value }
  | { kind: "ident"; name: string }
  | { kind: "pipe"; pipe: Pipeline; chain: string[] };
type Token = { type: "(" | ")" | "|" | ":=" | "=" | "," | "string" | "number" | "field" | "variable" | "ident"; text: string; space: boolean };

export class TemplateError extends Error {}

// ---------------------------------------------------------------------------------------------- parsing --

function lexAction(source: string, where: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let space = true;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) { i++; space = true; continue; }
    const push = (type: Token["type"], text: string) => { tokens.push({ type, text, space }); space = false; };
    if (source.startsWith(":=", i)) { push(":=", ":="); i += 2; continue; }
    if ("()|=,".includes(c)) { push(c as Token["type"], c); i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"') j += source[j] === "\\" ? 2 : 1;
      push("string", JSON.parse(source.slice(i, j + 1)) as string);
      i = j + 1;
      continue;
    }
    if (c === "`") {
      const j = source.indexOf("`", i + 1);
      push("string", source.slice(i + 1, j));
      i = j + 1;
      continue;
    }
    const word = /^(\$[A-Za-z0-9_]*|\.?[A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+)*)|^\./.exec(source.slice(i));
    if (!word) throw new TemplateError(`${where}: cannot read "${source.slice(i)}"`);
    const text = word[0];
    if (text.startsWith("$")) push("variable", text);
    else if (text.startsWith(".")) push("field", text);
    else if (/^-?\d/.test(text)) push("number", text);
    else push("ident", text);
    i += text.length;
  }
  return tokens;
}

function parsePipeline(tokens: Token[], where: string): Pipeline {
  let pos = 0;
  const pipe: Pipeline = { declare: [], assign: false, commands: [] };
  const declEnd = tokens.findIndex((t) => t.type === ":=" || t.type === "=");
  if (declEnd > 0 && tokens.slice(0, declEnd).every((t) => t.type === "variable" || t.type === ",")) {
    pipe.declare = tokens.slice(0, declEnd).filter((t) => t.type === "variable").map((t) => t.text);
    pipe.assign = tokens[declEnd].type === "=";
    pos = declEnd + 1;
  }
  const parseOperand = (): Operand => {
    const token = tokens[pos++];
    if (!token) throw new TemplateError(`${where}: unexpected end of action`);
    const chainAfter = (): string[] => {
      const next = tokens[pos];
      if (next && next.type === "field" && !next.space && next.text !== ".") { pos++; return next.text.slice(1).split("."); }
      return [];
    };
    switch (token.type) {
      case "string": return { kind: "literal", value: token.text };
      case "number": return { kind: "literal", value: Number(token.text) };
      case "field": return { kind: "field", chain: token.text === "." ? [] : token.text.slice(1).split(".") };
      case "variable": {
        const [name, ...chain] = token.text.split(".");
        return { kind: "variable", name, chain };
      }
      case "ident":
        if (token.text === "true" || token.text === "false") return { kind: "literal", value: token.text === "true" };
        if (token.text === "nil") return { kind: "literal", value: null };
        return { kind: "ident", name: token.text };
      case "(": {
        let depth = 1;
        const start = pos;
        while (depth > 0) {
          const t = tokens[pos++];
          if (!t) throw new TemplateError(`${where}: unclosed "("`);
          if (t.type === "(") depth++;
          if (t.type === ")") depth--;
        }
        const inner = parsePipeline(tokens.slice(start, pos - 1), where);
        return { kind: "pipe", pipe: inner, chain: chainAfter() };
      }
      default:
        throw new TemplateError(`${where}: unexpected "${token.text}"`);
    }
  };
  let command: Operand[] = [];
  while (pos < tokens.length) {
    if (tokens[pos].type === "|") {
      pos++;
      if (!command.length) throw new TemplateError(`${where}: empty command before "|"`);
      pipe.commands.push(command);
      command = [];
      continue;
    }
    command.push(parseOperand());
  }
  if (command.length) pipe.commands.push(command);
  if (!pipe.commands.length) throw new TemplateError(`${where}: empty pipeline`);
  return pipe;
}

type Chunk = { kind: "text"; text: string } | { kind: "action"; text: string; line: number };

function splitChunks(source: string): Chunk[] {
  const chunks: Chunk[] = [];
  let index = 0;
  let trimNext = false;
  while (index < source.length) {
    const open = source.indexOf("{{", index);
    let text = source.slice(index, open === -1 ? source.length : open);
    if (trimNext) text = text.replace(/^\s+/, "");
    if (open === -1) { chunks.push({ kind: "text", text }); break; }
    const close = source.indexOf("}}", open);
    if (close === -1) throw new TemplateError(`unclosed "{{" at line ${lineAt(source, open)}`);
    let inner = source.slice(open + 2, close);
    if (/^-\s/.test(inner)) { text = text.replace(/\s+$/, ""); inner = inner.slice(1); }
    trimNext = /\s-$/.test(inner);
    if (trimNext) inner = inner.slice(0, -1);
    chunks.push({ kind: "text", text });
    inner = inner.trim();
    if (!(inner.startsWith("/*") && inner.endsWith("*/"))) chunks.push({ kind: "action", text: inner, line: lineAt(source, open) });
    index = close + 2;
  }
  return chunks;
}

function lineAt(source: string, offset: number): number {
  return source.slice(0, offset).split("\n").length;
}

/** Parses one file; `define` blocks go into `defines`, the rest is the file's own template. */
function parseTemplate(source: string, file: string, defines: Map<string, Node[]>): Node[] {
  const chunks = splitChunks(source);
  let pos = 0;
  const where = (line: number) => `${file}:${line}`;
  // Parses nodes until an else/end at this level; returns the nodes and the action that stopped it.
  const parseList = (): { nodes: Node[]; stop: { word: string; rest: string; line: number } | null } => {
    const nodes: Node[] = [];
    while (pos < chunks.length) {
      const chunk = chunks[pos++];
      if (chunk.kind === "text") { if (chunk.text) nodes.push({ kind: "text", text: chunk.text }); continue; }
      const [, word = "", rest = ""] = /^(\w+)\b\s*([\s\S]*)$/.exec(chunk.text) ?? [];
      const at = where(chunk.line);
      if (word === "end" || word === "else") return { nodes, stop: { word, rest, line: chunk.line } };
      if (word === "if" || word === "with") {
        const branches = [{ pipe: parsePipeline(lexAction(rest, at), at), body: [] as Node[] }];
        let otherwise: Node[] | null = null;
        for (;;) {
          const inner = parseList();
          if (!inner.stop) throw new TemplateError(`${at}: "${word}" is never closed`);
          branches[branches.length - 1].body = inner.nodes;
          if (inner.stop.word === "end") break;
          const elseIf = new RegExp(`^${word}\\b\\s*([\\s\\S]*)$`).exec(inner.stop.rest);
          if (elseIf) {
            branches.push({ pipe: parsePipeline(lexAction(elseIf[1], at), at), body: [] });
            continue;
          }
          if (inner.stop.rest) throw new TemplateError(`${where(inner.stop.line)}: unsupported "else ${inner.stop.rest}"`);
          const last = parseList();
          if (last.stop?.word !== "end") throw new TemplateError(`${at}: "${word}" is never closed`);
          otherwise = last.nodes;
          break;
        }
        nodes.push({ kind: word, branches, otherwise, line: chunk.line });
      } else if (word === "range") {
        const pipe = parsePipeline(lexAction(rest, at), at);
        const body = parseList();
        if (!body.stop) throw new TemplateError(`${at}: "range" is never closed`);
        let otherwise: Node[] | null = null;
        if (body.stop.word === "else") {
          const last = parseList();
          if (last.stop?.word !== "end") throw new TemplateError(`${at}: "range" is never closed`);
          otherwise = last.nodes;
        }
        nodes.push({ kind: "range", pipe, body: body.nodes, otherwise, line: chunk.line });
      } else if (word === "define") {
        const name = JSON.parse(rest.trim()) as string;
        const body = parseList();
        if (body.stop?.word !== "end") throw new TemplateError(`${at}: define "${name}" is never closed`);
        defines.set(name, body.nodes);
      } else if (word === "template") {
        const [, name, arg] = /^"([^"]+)"\s*([\s\S]*)$/.exec(rest) ?? [];
        if (!name) throw new TemplateError(`${at}: template needs a quoted name`);
        nodes.push({ kind: "template", name, pipe: arg ? parsePipeline(lexAction(arg, at), at) : null, line: chunk.line });
      } else if (["block", "break", "continue"].includes(word)) {
        throw new TemplateError(`${at}: "${word}" is not supported by this renderer`);
      } else {
        nodes.push({ kind: "action", pipe: parsePipeline(lexAction(chunk.text, at), at), line: chunk.line });
      }
    }
    return { nodes, stop: null };
  };
  const top = parseList();
  if (top.stop) throw new TemplateError(`${where(top.stop.line)}: "${top.stop.word}" without an open block`);
  return top.nodes;
}

// ------------------------------------------------------------------------------------------- evaluation --

const isMap = (v: Value): v is Record<string, Value> => v !== null && typeof v === "object" && !Array.isArray(v);

export function truthy(v: Value): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

function show(v: Value): string {
  if (v === null || v === undefined) return ""; // Helm replaces "<no value>" with ""
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(show).join(" ")}]`;
  return `map[${Object.keys(v as object).sort().map((k) => `${k}:${show((v as Record<string, Value>)[k])}`).join(" ")}]`;
}

function walk(value: Value, chain: string[], where: string, label: string): Value {
  let current = value;
  for (const key of chain) {
    if (current === null || current === undefined) throw new TemplateError(`${where}: nil pointer evaluating ${label}.${key}`);
    if (!isMap(current)) throw new TemplateError(`${where}: can't evaluate field ${key} in ${typeof current}`);
    current = current[key] ?? null;
  }
  return current;
}

type Scope = { dot: Value; vars: Map<string, Value>[] };

function toYaml(v: Value): string {
  if (v === null || v === undefined) return "null";
  return dump(v, { sortKeys: true, lineWidth: -1, noRefs: true }).replace(/\n$/, "");
}

function indentLines(n: number, s: string): string {
  const pad = " ".repeat(n);
  return s.split("\n").map((line) => pad + line).join("\n");
}

function goFormat(format: string, args: Value[]): string {
  let i = 0;
  return format.replace(/%([sdvq%])/g, (_, verb: string) => {
    if (verb === "%") return "%";
    const arg = args[i++];
    if (verb === "q") return JSON.stringify(show(arg));
    if (verb === "d") return String(Math.trunc(Number(arg)));
    return show(arg);
  });
}

function queryEscape(s: string): string {
  return Array.from(Buffer.from(s, "utf8"))
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
      if (c === " ") return "+";
      return `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    })
    .join("");
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const toInt = (v: Value) => (typeof v === "boolean" ? Number(v) : Math.trunc(Number(v ?? 0)) || 0);

/** Sprig and Helm functions the chart may use; `include`, `tpl`, `and`, `or` are handled in callFunction. */
const FUNCTIONS: Record<string, (...args: Value[]) => Value> = {
  toYaml: (v) => toYaml(v),
  nindent: (n, s) => `\n${indentLines(toInt(n), show(s))}`,
  indent: (n, s) => indentLines(toInt(n), show(s)),
  quote: (...args) => args.filter((a) => a !== null && a !== undefined).map((a) => JSON.stringify(show(a))).join(" "),
  squote: (...args) => args.filter((a) => a !== null && a !== undefined).map((a) => `'${show(a)}'`).join(" "),
  default: (fallback, given) => (truthy(given) ? given : fallback),
  empty: (v) => !truthy(v),
  required: (message, v) => {
    if (v === null || v === undefined || v === "") throw new TemplateError(String(message));
    return v;
  },
  fail: (message) => { throw new TemplateError(String(message)); },
  printf: (format, ...args) => goFormat(String(format), args),
  print: (...args) => args.map((a, i) => (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string" ? " " : "") + show(a)).join(""),
  trunc: (n, s) => { const str = show(s); const k = toInt(n); return k >= 0 ? str.slice(0, k) : str.slice(str.length + k); },
  trimSuffix: (suffix, s) => { const str = show(s); const suf = show(suffix); return suf && str.endsWith(suf) ? str.slice(0, -suf.length) : str; },
  trimPrefix: (prefix, s) => { const str = show(s); const pre = show(prefix); return pre && str.startsWith(pre) ? str.slice(pre.length) : str; },
  trim: (s) => show(s).trim(),
  replace: (from, to, s) => show(s).split(show(from)).join(show(to)),
  contains: (substr, s) => show(s).includes(show(substr)),
  // Go's RE2 syntax; the chart's patterns use only what JavaScript reads the same way.
  regexMatch: (pattern, s) => new RegExp(show(pattern)).test(show(s)),
  hasPrefix: (prefix, s) => show(s).startsWith(show(prefix)),
  lower: (s) => show(s).toLowerCase(),
  upper: (s) => show(s).toUpperCase(),
  b64enc: (s) => Buffer.from(show(s)).toString("base64"),
  b64dec: (s) => Buffer.from(show(s), "base64").toString("utf8"),
  sha256sum: (s) => createHash("sha256").update(show(s)).digest("hex"),
  randAlphaNum: (n) => Array.from({ length: toInt(n) }, () => ALNUM[randomInt(ALNUM.length)]).join(""),
  urlquery: (...args) => queryEscape(args.map(show).join("")),
  toString: (v: Value) => show(v),
  int: (v) => toInt(v),
  add: (...args) => args.reduce<number>((sum, a) => sum + toInt(a), 0),
  sub: (a, b) => toInt(a) - toInt(b),
  len: (v) => (Array.isArray(v) || typeof v === "string" ? v.length : isMap(v) ? Object.keys(v).length : 0),
  not: (v) => !truthy(v),
  eq: (a, ...rest) => rest.some((b) => a === b),
  ne: (a, b) => a !== b,
  lt: (a, b) => Number(a) < Number(b),
  le: (a, b) => Number(a) <= Number(b),
  gt: (a, b) => Number(a) > Number(b),
  ge: (a, b) => Number(a) >= Number(b),
  list: (...args) => args,
  concat: (...lists) => lists.flatMap((l) => (Array.isArray(l) ? l : [])),
  set: (m, key, value) => {
    if (!isMap(m)) throw new TemplateError("set: not a dict");
    m[show(key)] = value;
    return m;
  },
  dict: (...args) => Object.fromEntries(Array.from({ length: args.length / 2 }, (_, i) => [show(args[2 * i]), args[2 * i + 1]])),
  hasKey: (m, key) => {
    if (!isMap(m)) throw new TemplateError("hasKey: first argument is not a map");
    return show(key) in m;
  },
  index: (collection, ...keys) => {
    let current = collection;
    for (const key of keys) {
      if (Array.isArray(current)) current = current[toInt(key)];
      else if (isMap(current)) current = current[show(key)];
      else throw new TemplateError("index of a nil or scalar value");
      current = current ?? null;
    }
    return current;
  },
  lookup: () => ({}),
};

export type ChartRender = { manifests: Map<string, string>; notes: string };

class Renderer {
  private defines = new Map<string, Node[]>();
  private files = new Map<string, Node[]>();
  constructor(private readonly chartName: string) {}

  add(name: string, source: string) {
    this.files.set(name, parseTemplate(source, name, this.defines));
  }

  renderFile(name: string, root: Value): string {
    const nodes = this.files.get(name);
    if (!nodes) throw new TemplateError(`no template "${name}"`);
    return this.run(nodes, { dot: root, vars: [new Map([["$", root]])] }, name);
  }

  private named(name: string): Node[] {
    const nodes = this.defines.get(name) ?? this.files.get(name);
    if (!nodes) throw new TemplateError(`no template "${name}" associated with template "gotpl"`);
    return nodes;
  }

  private run(nodes: Node[], scope: Scope, file: string): string {
    let out = "";
    for (const node of nodes) {
      const where = "line" in node ? `${file}:${node.line}` : file;
      switch (node.kind) {
        case "text": out += node.text; break;
        case "action": {
          const value = this.pipeline(node.pipe, scope, where);
          if (!node.pipe.declare.length) out += show(value);
          break;
        }
        case "if":
        case "with": {
          let done = false;
          for (const branch of node.branches) {
            const inner: Scope = { dot: scope.dot, vars: [...scope.vars, new Map()] };
            const value = this.pipeline(branch.pipe, inner, where);
            if (truthy(value)) {
              if (node.kind === "with") inner.dot = value;
              out += this.run(branch.body, inner, file);
              done = true;
              break;
            }
          }
          if (!done && node.otherwise) out += this.run(node.otherwise, { dot: scope.dot, vars: [...scope.vars, new Map()] }, file);
          break;
        }
        case "range": {
          const { declare } = node.pipe;
          const collection = this.pipeline({ ...node.pipe, declare: [] }, scope, where);
          const entries: [Value, Value][] = Array.isArray(collection)
            ? collection.map((v, i) => [i, v])
            : isMap(collection)
              ? Object.keys(collection).sort().map((k) => [k, collection[k]])
              : collection === null || collection === undefined
                ? []
                : (() => { throw new TemplateError(`${where}: range can't iterate over ${show(collection)}`); })();
          if (!entries.length && node.otherwise) out += this.run(node.otherwise, scope, file);
          for (const [key, value] of entries) {
            const vars = new Map<string, Value>();
            if (declare.length === 1) vars.set(declare[0], value);
            if (declare.length === 2) { vars.set(declare[0], key); vars.set(declare[1], value); }
            out += this.run(node.body, { dot: value, vars: [...scope.vars, vars] }, file);
          }
          break;
        }
        case "template": {
          const arg = node.pipe ? this.pipeline(node.pipe, scope, where) : null;
          out += this.run(this.named(node.name), { dot: arg, vars: [new Map([["$", arg]])] }, node.name);
          break;
        }
      }
    }
    return out;
  }

  private pipeline(pipe: Pipeline, scope: Scope, where: string): Value {
    let value: Value = undefined;
    pipe.commands.forEach((command, i) => {
      value = this.command(command, scope, where, i === 0 ? undefined : { value });
    });
    if (pipe.declare.length) {
      const name = pipe.declare[0];
      if (pipe.assign) {
        const frame = [...scope.vars].reverse().find((f) => f.has(name));
        if (!frame) throw new TemplateError(`${where}: undefined variable ${name}`);
        frame.set(name, value);
      } else scope.vars[scope.vars.length - 1].set(name, value);
    }
    return value;
  }

  private command(command: Operand[], scope: Scope, where: string, piped?: { value: Value }): Value {
    const [head, ...rest] = command;
    if (head.kind === "ident") return this.call(head.name, rest, scope, where, piped);
    if (rest.length || piped) throw new TemplateError(`${where}: can't give arguments to a non-function`);
    return this.operand(head, scope, where);
  }

  private call(name: string, argNodes: Operand[], scope: Scope, where: string, piped?: { value: Value }): Value {
    const lazy = argNodes.map((node) => () => this.operand(node, scope, where));
    if (piped) lazy.push(() => piped.value);
    if (name === "and" || name === "or") {
      let last: Value = null;
      for (const arg of lazy) {
        last = arg();
        if (truthy(last) === (name === "or")) return last;
      }
      return last;
    }
    const args = lazy.map((arg) => arg());
    if (name === "include") {
      return this.run(this.named(show(args[0])), { dot: args[1], vars: [new Map([["$", args[1]]])] }, show(args[0]));
    }
    const fn = FUNCTIONS[name];
    if (!fn) throw new TemplateError(`${where}: function "${name}" not defined (or not supported by this renderer)`);
    try {
      return fn(...args);
    } catch (error) {
      if (error instanceof TemplateError && !error.message.startsWith(where)) throw new TemplateError(`${where}: ${error.message}`);
      throw error;
    }
  }

  private operand(node: Operand, scope: Scope, where: string): Value {
    switch (node.kind) {
      case "literal": return node.value;
      case "field": return walk(scope.dot, node.chain, where, "");
      case "variable": {
        const frame = [...scope.vars].reverse().find((f) => f.has(node.name));
        if (!frame) throw new TemplateError(`${where}: undefined variable "${node.name}"`);
        return walk(frame.get(node.name), node.chain, where, node.name);
      }
      case "pipe": return walk(this.pipeline(node.pipe, { dot: scope.dot, vars: [...scope.vars, new Map()] }, where), node.chain, where, "(...)");
      case "ident": return this.call(node.name, [], scope, where);
    }
  }
}

function deepMerge(base: Value, override: Value): Value {
  if (!isMap(base) || !isMap(override)) return override;
  const out: Record<string, Value> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = key in base ? deepMerge(base[key], value) : value;
  return out;
}

/**
 * `helm template RELEASE CHART` with `overrides` merged over values.yaml (like --set / -f). Returns the rendered
 * manifest of each template file (path relative to the chart) and NOTES.txt.
 */
export function renderChart(
  chartDir: string,
  options: { releaseName?: string; namespace?: string; overrides?: Record<string, unknown>; isUpgrade?: boolean } = {},
): ChartRender {
  const chart = load(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as Record<string, string>;
  const values = deepMerge(load(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8")), options.overrides ?? {});
  const renderer = new Renderer(chart.name);
  const files: string[] = [];
  const collect = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) collect(full);
      else files.push(path.relative(chartDir, full));
    }
  };
  collect(path.join(chartDir, "templates"));
  for (const file of files.sort()) renderer.add(`${chart.name}/${file}`, fs.readFileSync(path.join(chartDir, file), "utf8"));

  const root = {
    Values: values,
    Release: {
      Name: options.releaseName ?? "release-name",
      Namespace: options.namespace ?? "default",
      Service: "Helm",
      IsInstall: !options.isUpgrade,
      IsUpgrade: Boolean(options.isUpgrade),
      Revision: 1,
    },
    Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion, Description: chart.description },
    Capabilities: { KubeVersion: { Version: "v1.30.0", Major: "1", Minor: "30" }, APIVersions: [] },
    Template: { BasePath: `${chart.name}/templates`, Name: "" },
  };
  const manifests = new Map<string, string>();
  let notes = "";
  for (const file of files) {
    const base = path.basename(file);
    if (base.startsWith("_")) continue;
    const text = renderer.renderFile(`${chart.name}/${file}`, { ...root, Template: { ...root.Template, Name: `${chart.name}/${file}` } });
    if (base === "NOTES.txt") notes = text;
    else manifests.set(file, text);
  }
  return { manifests, notes };
}

/** A rendered Kubernetes object: free-form by nature, so tests navigate it without a schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Manifest = Record<string, any>;

/** Kubernetes objects of a render, each YAML document parsed (empty documents dropped). */
export function renderedObjects(render: ChartRender): { file: string; object: Manifest }[] {
  const out: { file: string; object: Manifest }[] = [];
  for (const [file, text] of render.manifests) {
    for (const doc of text.split(/^---\s*$/m)) {
      if (!doc.trim()) continue;
      let object: unknown;
      try {
        object = load(doc);
      } catch (error) {
        throw new Error(`${file} renders invalid YAML: ${(error as Error).message}\n${doc}`);
      }
      if (object !== null && object !== undefined) out.push({ file, object: object as Manifest });
    }
  }
  return out;
}
