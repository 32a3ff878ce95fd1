// Trusted code run once per Boa context, before any snippet. It defines the snippet
// globals of docs/snippets.md and returns the hand-over object, which only the host can reach.
// The host calls a snippet itself, and turns a plain `result` into its reply in Rust
// (plain.rs); it calls the hand-over's `settle` for any other result and `fail` for
// what a snippet threw, which write the reply into the hand-over.
(function (global) {
  "use strict";
  // The filter's own JSON.stringify (json.rs), which needs no stack per level.
  const stringify = JSON.stringify;
  // The host's `log` (mod.rs), which keeps the run's lines. Handed over through a
  // global it removes.
  const log = global.__endpointLog;
  delete global.__endpointLog;
  // The host's fetch (fetch.rs): checks a call, returns a promise of its answer.
  const hostFetch = global.__endpointFetch;
  delete global.__endpointFetch;

  class Response {
    constructor(body, init) {
      let status = 200;
      let headers;
      if (init !== undefined && init !== null) {
        const given = init.status;
        if (given !== undefined) status = given;
        headers = init.headers;
      }
      // A literal, not `this.body = ...`: Boa looks a property being assigned up the
      // prototype chain first, which made the three assignments cost more than the
      // rest of a request. `new.target` keeps a subclass's prototype.
      return {
        __proto__: new.target.prototype,
        body: body === undefined || body === null ? "" : body,
        status,
        headers: headers === undefined || headers === null ? {} : headers,
      };
    }
  }
  const responsePrototype = Response.prototype;

  class UserError extends Error {}
  class ValidationError extends UserError {}
  class BadRequest extends Error {}
  class NotFound extends Error {}
  class Unauthorized extends Error {}
  // A fetch that gave no answer; `reason` is "timeout", "unavailable", "too_large"
  // or "no_cluster". Uncaught, a 504 for a timeout, else a 502.
  class UpstreamError extends Error {
    constructor(message, reason, upstream) {
      super(message);
      Object.defineProperty(this, "reason", { value: reason, enumerable: true });
      Object.defineProperty(this, "upstream", { value: upstream, enumerable: true });
    }
  }
  Object.defineProperty(UpstreamError.prototype, "name", { value: "UpstreamError", writable: true, configurable: true });
  // Most specific first: a ValidationError is also a UserError.
  const errorClasses = [
    [ValidationError, "ValidationError", 400],
    [UserError, "UserError", 400],
    [BadRequest, "BadRequest", 400],
    [NotFound, "NotFound", 404],
    [Unauthorized, "Unauthorized", 401],
  ];
  for (const [cls, name] of errorClasses) {
    Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
  }

  // Not a global: a broken `result` is the snippet author's bug, reported as a 500.
  class ResultError extends Error {}

  // The host and the prelude share one object, the hand-over, which no snippet can
  // reach: `settle` and `fail` write the reply into it.
  const handover = {
    settle,
    fail,
    responsePrototype,
    status: undefined,
    headers: undefined,
    body: undefined,
    kind: undefined,
    error: undefined,
  };

  // Writes a reply into the hand-over. Only what can run snippet code (a `headers`
  // value's `toString`, a payload's `toJSON`) is done here, inside the budget; the
  // host adds the default content type by `kind`.
  // A headers object as a flat [name, value, ...] list of strings.
  function headerList(headers) {
    if (headers === undefined || headers === null) return undefined;
    if (typeof headers !== "object") throw new ResultError("headers must be an object");
    const list = [];
    // An index loop: `for...of` would make an iterator object per reply.
    const names = Object.keys(headers);
    for (let i = 0; i < names.length; i++) {
      const value = headers[names[i]];
      list.push(names[i], typeof value === "string" ? value : String(value));
    }
    return list;
  }

  function reply(body, status, headers) {
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new ResultError("status " + String(status) + " is not an HTTP status from 200 to 599");
    }
    const list = headerList(headers);
    let kind, text;
    if (body === undefined || body === null) {
      kind = "empty";
      text = "";
    } else if (typeof body === "string") {
      kind = "text";
      text = body;
    } else {
      kind = "json";
      text = stringify(body);
      if (text === undefined) throw new ResultError("the payload cannot be written as JSON");
    }
    handover.status = status;
    handover.headers = list;
    handover.body = text;
    handover.kind = kind;
  }

  function reportResult(result) {
    if (result === null || typeof result !== "object") {
      throw new ResultError("the snippet did not assign `result` an object (" + typeof result + ")");
    }
    const forward = result.forward;
    if (forward !== undefined) {
      // Forward endpoints only (the host checks): go on to the upstream, with headers.
      if (forward === null || typeof forward !== "object") {
        throw new ResultError("result.forward is an object: {headers: {...}}");
      }
      handover.status = 0;
      handover.headers = headerList(forward.headers);
      handover.body = "";
      handover.kind = "forward";
      return;
    }
    const response = result.response;
    if (response !== undefined) {
      if (!(response instanceof Response)) throw new ResultError("result.response is not a Response");
      reply(response.body, response.status, response.headers);
      return;
    }
    if (!("payload" in result) && !("status_code" in result)) {
      throw new ResultError("`result` has neither `response` nor `payload`/`status_code`");
    }
    const status = result.status_code;
    reply(result.payload, status === undefined ? 200 : status, result.headers);
  }

  function describe(error) {
    try {
      if (error instanceof ResultError) return "invalid result: " + error.message;
      if (error instanceof Error) return String(error.name) + ": " + String(error.message);
      return "uncaught " + typeof error + ": " + String(error);
    } catch (_) {
      return "uncaught exception that cannot be described";
    }
  }

  function reportError(error) {
    if (error instanceof UpstreamError) {
      // The reason goes to the log; the client learns only which kind of failure.
      log("uncaught UpstreamError from upstream " + String(error.upstream) + ": " + String(error.message), "warning");
      const timeout = error.reason === "timeout";
      handover.status = timeout ? 504 : 502;
      handover.headers = undefined;
      handover.body = timeout ? "an upstream did not answer in time" : "an upstream call failed";
      handover.kind = "error";
      handover.error = "UpstreamError";
      return undefined;
    }
    const known = errorClasses.find(([cls]) => error instanceof cls);
    if (known === undefined || error instanceof ResultError) return describe(error);
    const message = error.message === undefined ? "" : String(error.message);
    // The host writes the `{"error", "message"}` body, as for its own refusals.
    handover.status = known[2];
    handover.headers = undefined;
    handover.body = message;
    handover.kind = "error";
    handover.error = known[1];
    return undefined;
  }

  // Both run within the run's budget, and return the failure's text, or undefined
  // with the reply in the hand-over. `settle` takes a `result` that is not plain, or
  // whose payload has no JSON form (`unwritable`); `fail`, what the snippet threw.
  function settle(result, unwritable) {
    handover.status = undefined;
    try {
      if (unwritable) throw new ResultError("the payload cannot be written as JSON");
      reportResult(result);
      return undefined;
    } catch (error) {
      return reportError(error);
    }
  }
  function fail(error) {
    handover.status = undefined;
    return reportError(error);
  }

  // What a fetch resolves to: the status, `ok`, the headers (lower-case names) and
  // the body, read with text() or json() as in the Fetch API. The host makes each one
  // (fetch.rs), from this prototype, with the body under the prelude's own symbol, not
  // enumerable: out of `Object.keys` and JSON, as a private field was.
  const BODY = Symbol("body");
  class UpstreamResponse {
    text() {
      return Promise.resolve(this[BODY]);
    }
    json() {
      const body = this[BODY];
      return new Promise((resolve) => resolve(JSON.parse(body)));
    }
  }

  function hasHeader(list, name) {
    for (let i = 0; i < list.length; i += 2) {
      if (list[i].toLowerCase() === name) return true;
    }
    return false;
  }

  // fetch(upstream, path, {method, headers, body}): a string body is sent as it is,
  // any other as JSON (with its content type unless the headers give one).
  function fetch(upstream, path, init) {
    let method = "GET";
    let headers, body;
    // No `{}` made for a call without options: each object made is garbage to collect.
    if (init !== undefined && init !== null) {
      if (typeof init !== "object") {
        throw new TypeError("fetch's third argument is an object: {method, headers, body}");
      }
      if (init.method !== undefined) method = String(init.method).toUpperCase();
      headers = init.headers;
      body = init.body;
    }
    let list;
    try {
      list = headerList(headers);
    } catch (_) {
      throw new TypeError("fetch: headers is an object of names and values");
    }
    if (list === undefined) list = [];
    for (let i = 0; i < list.length; i += 2) list[i] = list[i].toLowerCase();
    if (body === null) body = undefined;
    if (body !== undefined && typeof body !== "string") {
      body = stringify(body);
      if (body === undefined) throw new TypeError("fetch: the body cannot be written as JSON");
      if (!hasHeader(list, "content-type")) list.push("content-type", "application/json");
    }
    // The host settles the promise with a response, or rejects it with what `failed` made.
    return hostFetch(String(upstream), String(path), method, list, body);
  }
  function failed(reason, message, upstream) {
    return new UpstreamError(message, reason, upstream);
  }
  handover.upstreamResponsePrototype = UpstreamResponse.prototype;
  handover.upstreamResponseBody = BODY;
  handover.failed = failed;

  // Array.prototype.join (which toString calls), toLocaleString and flat recurse
  // natively into nested arrays, with no call per level that the recursion limit
  // would count, and inside Envoy the VM has about a megabyte of native stack: 500
  // levels trapped it. Through these, each level of joining is a call (four frames
  // with the built-ins it goes through, so 64 levels under the default limit), and
  // flat recurses at most FLAT_STEP levels at a time.
  const FLAT_STEP = 64;
  const nativeJoin = Array.prototype.join;
  const nativeToLocaleString = Array.prototype.toLocaleString;
  const nativeFlat = Array.prototype.flat;
  const isArray = Array.isArray;
  const arrayMethods = {
    join(separator) {
      return nativeJoin.call(this, separator);
    },
    toLocaleString() {
      return nativeToLocaleString.apply(this, arguments);
    },
    flat() {
      // ToIntegerOrInfinity, once: a `valueOf` runs once, as in the built-in.
      const depth = arguments.length === 0 || arguments[0] === undefined ? 1 : Math.trunc(Number(arguments[0])) || 0;
      if (!(depth > FLAT_STEP)) return nativeFlat.call(this, depth);
      // flat(a + b) is flat(b) of flat(a).
      let flattened = nativeFlat.call(this, FLAT_STEP);
      let left = depth - FLAT_STEP;
      while (left > 0 && flattened.some(isArray)) {
        flattened = nativeFlat.call(flattened, Math.min(left, FLAT_STEP));
        left -= FLAT_STEP;
      }
      return flattened;
    },
  };
  for (const name of Object.keys(arrayMethods)) {
    Object.defineProperty(Array.prototype, name, { value: arrayMethods[name], writable: true, enumerable: false, configurable: true });
  }

  const globals = { Response, UserError, ValidationError, BadRequest, NotFound, Unauthorized, UpstreamError, fetch, log };
  for (const name of Object.keys(globals)) {
    Object.defineProperty(global, name, { value: globals[name], writable: false, enumerable: false, configurable: false });
  }
  return handover;
})(globalThis)
