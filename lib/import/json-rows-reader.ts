import { Tokenizer, TokenType } from "@streamparser/json";

export type JsonKey = string | number;

/** A streamed JSON document refused for its shape or size (reported as the file's message). */
export class JsonShapeError extends Error {}

/** Most text a document may hold outside its rows (metadata, fundamentals): what is held whole. */
export const MAX_SKELETON_CHARS = 32 * 1024 * 1024;
/** Most bytes one row (one item of a row container) may take. */
export const MAX_ITEM_BYTES = 1024 * 1024;

/**
 * The containers whose items are a document's rows, by path: a root array (Tiingo, EOD, row arrays), Polygon's
 * `results`, AlphaVantage's `Time Series (...)` object, and the parallel arrays of Yahoo's `chart.result[0]`
 * (`timestamp`, `indicators.quote.0.<field>`, `indicators.adjclose.0.adjclose`). Their items stream past; all
 * else is held.
 */
export function rowContainerOf(path: readonly JsonKey[], isArray: boolean): string | null {
  if (path.length === 0) return isArray ? "$" : null;
  const [first] = path;
  if (path.length === 1 && typeof first === "string") {
    if (isArray && first === "results") return "results";
    if (!isArray && first.startsWith("Time Series")) return first;
    return null;
  }
  if (!isArray || path[0] !== "chart" || path[1] !== "result" || path[2] !== 0) return null;
  const rest = path.slice(3).join(".");
  if (rest === "timestamp" || rest === "indicators.adjclose.0.adjclose") return rest;
  if (path.length === 7 && rest.startsWith("indicators.quote.0.")) return rest;
  return null;
}

const OBJECT_KEY_OR_END = 0;
const OBJECT_KEY = 1;
const COLON = 2;
const VALUE = 3;
const COMMA_OR_END = 4;
const ARRAY_VALUE_OR_END = 5;

type Frame = {
  isArray: boolean;
  /** What is built here; null when the content is not kept (a row container's, or an item nobody reads). */
  value: unknown[] | Record<string, unknown> | null;
  state: number;
  key: string;
  index: number;
  /** The path from the root, while it can still lead to a row container (null below that). */
  path: JsonKey[] | null;
  /** The row container this frame is, if any. */
  container: string | null;
};

export type JsonRowsReaderOptions = {
  /** Whether to build the document outside the rows (row containers left empty: placeholders). */
  keepSkeleton: boolean;
  /** Whether to build the item at `index` of `container` (an item not built is checked and passed on as undefined). */
  buildItem: (container: string, index: number) => boolean;
  onItem: (container: string, key: JsonKey, value: unknown) => void;
  onContainer?: (container: string, path: readonly JsonKey[]) => void;
};

/** Sets `key` on an object as JSON.parse does: "__proto__" becomes an own property, never the prototype. */
function setKey(o: Record<string, unknown>, key: string, value: unknown) {
  if (key === "__proto__") Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/**
 * One pass over a JSON document's bytes with @streamparser/json's tokenizer: checks the grammar as JSON.parse does,
 * hands each item of a row container to `onItem` as it completes, and builds the rest (the skeleton) within
 * MAX_SKELETON_CHARS, so memory holds one row at a time whatever the document's size. `sawNul` says whether a
 * string or key held a NUL character.
 */
export class JsonRowsReader {
  readonly tokenizer = new Tokenizer({ stringBufferSize: 64 * 1024, numberBufferSize: 64 });
  root: unknown = undefined;
  sawNul = false;
  private readonly frames: Frame[] = [];
  private done = false;
  private skeletonChars = 0;
  private itemDepth = -1;
  private itemStart = 0;
  private bytes = 0;
  private lastOffset = 0;

  constructor(private readonly options: JsonRowsReaderOptions) {
    this.tokenizer.onToken = ({ token, value, offset }) => this.onToken(token, value, offset);
  }

  write(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.tokenizer.write(chunk);
    // A value (string, number or whitespace run) with no end in sight would be held whole by the tokenizer.
    if (this.bytes - this.lastOffset > MAX_ITEM_BYTES + MAX_SKELETON_CHARS) throw new JsonShapeError("JSON holds one value of more than 33 MB: not a price document");
  }

  /** Ends the document: throws when it is cut short. */
  end(): void {
    this.tokenizer.end();
    if (!this.done) throw new SyntaxError("Unexpected end of JSON input");
  }

  private fail(offset: number): never {
    throw new SyntaxError(`Unexpected token at position ${offset}`);
  }

  private onToken(token: TokenType, value: unknown, offset: number) {
    this.lastOffset = offset;
    const top = this.frames[this.frames.length - 1] as Frame | undefined;
    if (this.itemDepth >= 0 && offset - this.itemStart > MAX_ITEM_BYTES) throw new JsonShapeError(`a row of the JSON (near byte ${this.itemStart}) is larger than 1 MB: not a price document`);
    switch (token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET:
        this.expectValue(top, offset);
        this.open(top, token === TokenType.LEFT_BRACKET, offset);
        return;
      case TokenType.RIGHT_BRACE:
        if (!top || top.isArray || (top.state !== OBJECT_KEY_OR_END && top.state !== COMMA_OR_END)) this.fail(offset);
        return this.close();
      case TokenType.RIGHT_BRACKET:
        if (!top || !top.isArray || (top.state !== ARRAY_VALUE_OR_END && top.state !== COMMA_OR_END)) this.fail(offset);
        return this.close();
      case TokenType.COLON:
        if (!top || top.state !== COLON) this.fail(offset);
        top.state = VALUE;
        return;
      case TokenType.COMMA:
        if (!top || top.state !== COMMA_OR_END) this.fail(offset);
        top.state = top.isArray ? VALUE : OBJECT_KEY;
        return;
      case TokenType.STRING:
        if ((value as string).includes("\0")) this.sawNul = true;
        if (top && !top.isArray && (top.state === OBJECT_KEY_OR_END || top.state === OBJECT_KEY)) {
          top.key = value as string;
          top.state = COLON;
          this.count(top, (value as string).length);
          return;
        }
        this.expectValue(top, offset);
        this.deliver(top, value);
        return;
      case TokenType.NUMBER:
      case TokenType.TRUE:
      case TokenType.FALSE:
      case TokenType.NULL:
        this.expectValue(top, offset);
        this.deliver(top, value);
        return;
      default:
        this.fail(offset);
    }
  }

  private count(frame: Frame, chars: number) {
    if (this.itemDepth >= 0 || frame.value === null || !this.options.keepSkeleton) return;
    this.skeletonChars += chars + 8;
    if (this.skeletonChars > MAX_SKELETON_CHARS) throw new JsonShapeError("JSON holds more than 32 MB outside its price rows: not a price document");
  }

  private expectValue(top: Frame | undefined, offset: number) {
    if (!top) {
      if (this.done) this.fail(offset);
      return;
    }
    if (top.state !== VALUE && top.state !== ARRAY_VALUE_OR_END) this.fail(offset);
  }

  private keyOf(top: Frame): JsonKey {
    return top.isArray ? top.index : top.key;
  }

  private open(top: Frame | undefined, isArray: boolean, offset: number) {
    let keep: boolean;
    let path: JsonKey[] | null = null;
    if (top?.container) {
      // An item of a row container starts.
      this.itemDepth = this.frames.length;
      this.itemStart = offset;
      keep = this.options.buildItem(top.container, top.index);
    } else {
      keep = this.itemDepth >= 0 ? top!.value !== null : this.options.keepSkeleton;
      if (this.itemDepth < 0 && (!top || top.path)) path = top ? [...top.path!, this.keyOf(top)] : [];
    }
    const container = path && path.length <= 7 ? rowContainerOf(path, isArray) : null;
    if (container) this.options.onContainer?.(container, path!);
    const value = keep ? (isArray ? [] : {}) : null;
    this.frames.push({ isArray, value, state: isArray ? ARRAY_VALUE_OR_END : OBJECT_KEY_OR_END, key: "", index: 0, path: path && path.length < 7 ? path : null, container });
    if (value && top) this.count(top, 1);
  }

  private close() {
    const frame = this.frames.pop()!;
    this.deliver(this.frames[this.frames.length - 1], frame.value ?? undefined);
  }

  private deliver(top: Frame | undefined, value: unknown) {
    if (!top) {
      this.root = value;
      this.done = true;
      return;
    }
    if (top.container) {
      this.itemDepth = -1;
      this.options.onItem(top.container, this.keyOf(top), value);
    } else if (top.value !== null) {
      if (typeof value === "string") this.count(top, value.length);
      else this.count(top, 1);
      if (top.isArray) (top.value as unknown[]).push(value);
      else setKey(top.value as Record<string, unknown>, top.key, value);
    }
    top.state = COMMA_OR_END;
    top.index++;
  }
}
