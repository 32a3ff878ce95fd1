// Trusted code run once per Boa context, before any snippet. It defines the snippet
// globals of SPEC.md and returns `invoke`, which only the host can reach: it runs one
// snippet and turns its `result` (or its exception) into a plain reply object.
(function (global) {
  "use strict";
  const MAX_LOG_LINES = 100;
  const MAX_LOG_LENGTH = 4096;

  class Response {
    constructor(body, init) {
      const options = init === undefined || init === null ? {} : init;
      this.body = body === undefined || body === null ? "" : body;
      this.status = options.status === undefined ? 200 : options.status;
      this.headers = options.headers === undefined || options.headers === null ? {} : options.headers;
    }
  }

  class UserError extends Error {}
  class ValidationError extends UserError {}
  class BadRequest extends Error {}
  class NotFound extends Error {}
  class Unauthorized extends Error {}
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

  let logLines = [];
  function log(message, level) {
    if (logLines.length >= MAX_LOG_LINES) return;
    logLines.push([level === undefined ? "info" : String(level), String(message).slice(0, MAX_LOG_LENGTH)]);
  }

  function reply(body, status, headers) {
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new ResultError("status " + String(status) + " is not an HTTP status from 200 to 599");
    }
    const list = [];
    let hasContentType = false;
    if (headers !== undefined && headers !== null) {
      if (typeof headers !== "object") throw new ResultError("headers must be an object");
      for (const name of Object.keys(headers)) {
        list.push([name, String(headers[name])]);
        if (name.toLowerCase() === "content-type") hasContentType = true;
      }
    }
    let text;
    if (body === undefined || body === null) {
      text = "";
    } else if (typeof body === "string") {
      text = body;
      if (!hasContentType) list.push(["content-type", "text/plain; charset=utf-8"]);
    } else {
      text = JSON.stringify(body);
      if (text === undefined) throw new ResultError("the payload cannot be written as JSON");
      if (!hasContentType) list.push(["content-type", "application/json"]);
    }
    return { status, headers: list, body: text };
  }

  function toReply(result) {
    if (result === null || typeof result !== "object") {
      throw new ResultError("the snippet did not assign `result` an object (" + typeof result + ")");
    }
    if (result.response !== undefined) {
      const response = result.response;
      if (!(response instanceof Response)) throw new ResultError("result.response is not a Response");
      return reply(response.body, response.status, response.headers);
    }
    if (!("payload" in result) && !("status_code" in result)) {
      throw new ResultError("`result` has neither `response` nor `payload`/`status_code`");
    }
    return reply(result.payload, result.status_code === undefined ? 200 : result.status_code, result.headers);
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

  function invoke(snippet, request, user, endpoint, env) {
    logLines = [];
    let outcome;
    try {
      outcome = toReply(snippet(request, user, endpoint, env));
    } catch (error) {
      const known = errorClasses.find(([cls]) => error instanceof cls);
      if (known === undefined || error instanceof ResultError) {
        outcome = { failure: describe(error) };
      } else {
        const message = error.message === undefined ? "" : String(error.message);
        outcome = {
          status: known[2],
          headers: [["content-type", "application/json"]],
          body: JSON.stringify({ error: known[1], message }),
        };
      }
    }
    outcome.logs = logLines;
    logLines = [];
    return outcome;
  }

  // The host cannot call `invoke` directly and still bound its work: it evaluates a
  // script `__endpointRun()` with an instruction budget, after handing the arguments
  // over through `setPending`. Arguments are taken once, so a snippet that calls
  // `__endpointRun` itself gets nothing.
  let pending = null;
  function setPending(snippet, request, user, endpoint, env) {
    pending = [snippet, request, user, endpoint, env];
  }
  function run() {
    const args = pending;
    pending = null;
    if (args === null) return undefined;
    return invoke(args[0], args[1], args[2], args[3], args[4]);
  }

  const globals = { Response, UserError, ValidationError, BadRequest, NotFound, Unauthorized, log, __endpointRun: run };
  for (const name of Object.keys(globals)) {
    Object.defineProperty(global, name, { value: globals[name], writable: false, enumerable: false, configurable: false });
  }
  return setPending;
})(globalThis)
