use serde_json::json;

use super::heap;
use super::*;
use crate::snippet::fetch::FetchFailure;

/// The reply of a run's answer; fails the test on a forward.
fn reply_of(answer: Answer) -> SnippetReply {
    match answer {
        Answer::Reply(reply) => reply,
        Answer::Forward { headers } => panic!("forwarded with {headers:?}, not answered"),
    }
}

impl Run {
    /// The reply of a run that must have answered.
    fn replied(self) -> SnippetReply {
        match self.outcome {
            Ok(answer) => reply_of(answer),
            Err(failure) => panic!("no reply: {failure:?}"),
        }
    }
}

fn runtime() -> SnippetRuntime {
    SnippetRuntime::new().unwrap()
}

/// Compiles and runs `code` with a small request; returns the run.
fn run(runtime: &mut SnippetRuntime, code: &str) -> Run {
    run_with(runtime, code, Limits::default())
}

/// [`run`] within `limits`.
fn run_with(runtime: &mut SnippetRuntime, code: &str, limits: Limits) -> Run {
    let snippet = runtime.compile(code).unwrap();
    let request = runtime
        .value(&json!({"method": "GET", "path": "/hello/ann", "params": {"name": "ann"}}))
        .unwrap();
    let user = runtime.frozen_value(&json!({"login": "ann"})).unwrap();
    let endpoint = runtime.frozen_value(&json!({"name": "hello"})).unwrap();
    let env = runtime.frozen_value(&json!({})).unwrap();
    let globals = Globals {
        request,
        user,
        endpoint,
        env,
        prepared_bytes: 0,
    };
    runtime.run(snippet, globals, limits)
}

/// Why `code`'s run was stopped by a limit; fails the test if it was not.
fn stop_reason(run: Run, code: &str, started: std::time::Instant) -> String {
    match run.outcome {
        Err(SnippetFailure { reason, stopped }) => {
            assert!(stopped, "{code}: {reason}");
            reason
        }
        Ok(answer) => panic!(
            "{code}: ran to the end in {:?}: {answer:?}",
            started.elapsed(),
        ),
    }
}

fn reply(code: &str) -> SnippetReply {
    match run(&mut runtime(), code).outcome {
        Ok(Answer::Reply(reply)) => reply,
        other => panic!("{code}: {other:?}"),
    }
}

fn failure(code: &str) -> String {
    match run(&mut runtime(), code).outcome {
        Ok(reply) => panic!("{code}: expected a failure, got {reply:?}"),
        Err(SnippetFailure { reason, .. }) => reason,
    }
}

#[test]
fn response_object_is_sent_as_built() {
    let reply = reply(
        r#"result = {response: new Response("Hello, World!", {status: 201, headers: {"x-a": "1"}})}"#,
    );
    assert_eq!(reply.status, 201);
    assert_eq!(reply.body, "Hello, World!");
    assert!(reply.headers.contains(&("x-a".into(), "1".into())));
    assert!(
        reply
            .headers
            .contains(&("content-type".into(), "text/plain; charset=utf-8".into()))
    );
}

/// What a `Response` is, seen from a snippet: its own properties in order, its
/// prototype (a subclass's for a subclass), each `init` property read once, and
/// the defaults for a missing or primitive `init`.
#[test]
fn a_response_is_built_as_documented() {
    let reply = reply(
        r#"let reads = 0;
        const init = {get status() { reads++; return 201; }, get headers() { reads++; return {"x-a": "1"}; }};
        const made = new Response("hi", init);
        class Mine extends Response { mine() { return "mine"; } }
        const mine = new Mine(null, 5);
        result = {payload: {
          keys: Object.keys(made), reads, status: made.status,
          proto: Object.getPrototypeOf(made) === Response.prototype,
          instance: made instanceof Response,
          mine: [mine instanceof Mine, mine instanceof Response, mine.mine(), mine.body, mine.status, mine.headers],
          defaults: [new Response().body, new Response(undefined, null).status, new Response("x", {}).headers],
        }}"#,
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&reply.body).unwrap(),
        serde_json::json!({
            "keys": ["body", "status", "headers"], "reads": 2, "status": 201,
            "proto": true, "instance": true,
            "mine": [true, true, "mine", "", 200, {}],
            "defaults": ["", 200, {}],
        })
    );
}

#[test]
fn minimal_snippet_of_the_spec() {
    let reply = reply(r#"result = {response: new Response("Hello, World!")}"#);
    assert_eq!((reply.status, reply.body.as_str()), (200, "Hello, World!"));
}

#[test]
fn object_payload_is_json_and_string_payload_is_as_is() {
    let json_reply =
        reply("result = {payload: {hello: request.params.name, n: [1, 2]}, status_code: 202}");
    assert_eq!(json_reply.status, 202);
    assert_eq!(json_reply.body, r#"{"hello":"ann","n":[1,2]}"#);
    assert!(
        json_reply
            .headers
            .contains(&("content-type".into(), "application/json".into()))
    );

    let text = reply(r#"result = {payload: "plain", headers: {"Content-Type": "text/csv"}}"#);
    assert_eq!((text.status, text.body.as_str()), (200, "plain"));
    assert_eq!(
        text.headers,
        vec![("Content-Type".to_string(), "text/csv".to_string())]
    );
}

#[test]
fn globals_are_the_request_user_and_endpoint() {
    let reply = reply("result = {payload: [request.path, user.login, endpoint.name, typeof env]}");
    assert_eq!(reply.body, r#"["/hello/ann","ann","hello","object"]"#);
}

#[test]
fn error_classes_map_to_statuses_and_are_real_classes() {
    for (class, status) in [
        ("UserError", 400),
        ("ValidationError", 400),
        ("BadRequest", 400),
        ("NotFound", 404),
        ("Unauthorized", 401),
    ] {
        let reply = reply(&format!(
            "throw new {class}('nope: ' + request.params.name)"
        ));
        assert_eq!(reply.status, status, "{class}");
        let body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(body, json!({"error": class, "message": "nope: ann"}));
    }
    let checks = reply(
        "const e = new ValidationError('x'); result = {payload: [e instanceof ValidationError, e instanceof UserError, e instanceof Error, e.name]}",
    );
    assert_eq!(checks.body, r#"[true,true,true,"ValidationError"]"#);
    // A subclass of a mapped class keeps its status.
    let sub = reply(
        "class Gone extends NotFound { constructor(m) { super(m); this.name = 'Gone'; } } throw new Gone('no')",
    );
    assert_eq!(sub.status, 404);
}

#[test]
fn every_broken_result_is_a_failure() {
    assert!(failure("").contains("did not assign `result`"));
    assert!(failure("result = 5").contains("did not assign `result` an object"));
    assert!(failure("result = {}").contains("neither"));
    assert!(failure("result = {response: 'text'}").contains("not a Response"));
    assert!(failure("result = {payload: 'x', status_code: 99}").contains("not an HTTP status"));
    assert!(failure("result = {payload: 'x', status_code: 200.5}").contains("not an HTTP status"));
    assert!(failure("result = {payload: 'x', headers: 'x'}").contains("headers must be an object"));
    assert!(failure("throw new TypeError('boom')").contains("TypeError: boom"));
    assert!(failure("throw 'a string'").contains("uncaught string"));
    assert!(failure("undefinedName.x").contains("ReferenceError"));
}

#[test]
fn runaway_snippets_are_stopped() {
    let mut runtime = runtime();
    assert!(failure("while (true) {}").contains("stopped"));
    assert!(failure("function f() { return f(); } f()").contains("stopped"));
    // try/catch cannot swallow a limit.
    assert!(
        failure("try { while (true) {} } catch (e) {} result = {payload: 'escaped'}")
            .contains("stopped")
    );
    // The same runtime keeps serving after a stopped snippet.
    assert!(run(&mut runtime, "while (true) {}").outcome.is_err());
    assert_eq!(
        run(&mut runtime, "result = {payload: 'ok'}").replied().body,
        "ok"
    );
}

#[test]
fn nothing_survives_into_the_next_request() {
    let mut runtime = runtime();
    // Each write below throws in the frozen, strict realm, so the snippet fails...
    for attack in [
        "globalThis.leak = 1",
        "leak = 1",
        "Object.prototype.leak = 1",
        "Array.prototype.push = null",
        "JSON.stringify = () => 'pwned'",
        "Response.prototype.status = 500",
        "user.login = 'root'",
        "endpoint.name = 'other'",
        "Object.getPrototypeOf(function* () {}).leak = 1",
    ] {
        let outcome = run(
            &mut runtime,
            &format!("{attack}; result = {{payload: 'wrote'}}"),
        )
        .outcome;
        assert!(outcome.is_err(), "{attack} succeeded");
    }
    // ...and the next snippet sees a clean world.
    let clean = run(
        &mut runtime,
        "result = {payload: [typeof leak, ({}).leak, [].push === Array.prototype.push, JSON.stringify([1]), user.login, endpoint.name]}",
    )
    .replied();
    assert_eq!(clean.body, r#"["undefined",null,true,"[1]","ann","hello"]"#);
    // Snippet-local state does not persist either.
    let counter =
        "var count = (typeof count === 'number' ? count : 0) + 1; result = {payload: count}";
    assert_eq!(run(&mut runtime, counter).replied().body, "1");
    assert_eq!(run(&mut runtime, counter).replied().body, "1");
}

#[test]
fn log_lines_come_back_with_levels_and_bounds() {
    let ran = run(
        &mut runtime(),
        "log('hi'); log('careful', 'warning'); for (let i = 0; i < 500; i++) log('x' + i, 'debug'); result = {payload: ''}",
    );
    assert!(ran.outcome.is_ok());
    assert_eq!(ran.logs.len(), 100);
    assert_eq!(
        ran.logs[0],
        LogRecord {
            level: Level::Info,
            message: "hi".into()
        }
    );
    assert_eq!(ran.logs[1].level, Level::Warning);
    // Lines logged before a failure are kept.
    let failed = run(&mut runtime(), "log('before'); throw new Error('x')");
    assert!(failed.outcome.is_err());
    assert_eq!(failed.logs[0].message, "before");
}

#[test]
fn log_converts_as_string_does_and_cuts_long_messages() {
    let ran = run(
        &mut runtime(),
        "let calls = 0; \
         const counted = {toString() { calls++; return 'counted'; }}; \
         log(Symbol('s')); log(undefined, undefined); log({toString() { return 'mine'; }}, 'error'); \
         log('é'.repeat(5000)); log('x', {toString() { return 'warning'; }}); \
         for (let i = 0; i < 200; i++) log(counted); \
         result = {payload: calls}",
    );
    // Past the hundredth line, a message is not even converted.
    assert_eq!(reply_of(ran.outcome.clone().unwrap()).body, "95");
    let lines: Vec<(Level, &str)> = ran
        .logs
        .iter()
        .take(5)
        .map(|line| (line.level, line.message.as_str()))
        .collect();
    let long = "é".repeat(4096);
    assert_eq!(
        lines,
        [
            (Level::Info, "Symbol(s)"),
            (Level::Info, "undefined"),
            (Level::Error, "mine"),
            (Level::Info, long.as_str()),
            (Level::Warning, "x"),
        ]
    );
    // A `toString` that throws is the snippet's error, as anywhere else.
    let thrown = reply("log({toString() { throw new NotFound('no'); }}); result = {payload: 1}");
    assert_eq!(thrown.status, 404);
}

#[test]
fn syntax_errors_are_compile_errors() {
    let mut runtime = runtime();
    assert!(runtime.compile("result = {").is_err());
    // Boa's Function constructor accepts a redeclared `result`; whatever it does, the
    // snippet must not reach another request's value.
    let redeclared = run(&mut runtime, "let result = {payload: 'inner'}").outcome;
    assert_eq!(reply_of(redeclared.unwrap()).body, "inner");
    // Boa ends the body at a stray `}` instead of refusing it (the compiler refuses
    // it); either way no code runs outside the snippet's function.
    let escape = "result = {payload: 'inside'}; }); result = {payload: 'outside'}; (function () {";
    let outcome = run(&mut runtime, escape).outcome;
    assert!(outcome.is_err() || reply_of(outcome.unwrap()).body != "outside");
}

#[test]
fn date_and_json_work() {
    let reply = reply(
        "result = {payload: {year: new Date(0).getUTCFullYear(), now: Date.now() > 1.7e12, j: JSON.parse('[1]')}}",
    );
    assert_eq!(reply.body, r#"{"year":1970,"now":true,"j":[1]}"#);
}

#[test]
fn payloads_run_getters_and_to_json_and_fail_as_json_stringify_does() {
    let reply = reply(
        "let reads = 0; const p = {get n() { reads++; return reads; }, d: new Date(0), t: {toJSON() { return 'T'; }}}; result = {payload: p}",
    );
    assert_eq!(
        reply.body,
        r#"{"n":1,"d":"1970-01-01T00:00:00.000Z","t":"T"}"#
    );
    assert!(failure("const a = {}; a.self = a; result = {payload: a}").contains("TypeError"));
    assert!(failure("result = {payload: {n: 1n}}").contains("TypeError"));
}

#[test]
fn deep_data_is_written_without_running_out_of_stack() {
    // Boa's own JSON.stringify needs about a kilobyte of stack per level, and the filter
    // has far less than 20 MB: json.rs writes without recursion.
    let build = "let v = [1]; for (let i = 0; i < 20000; i++) v = i % 2 ? [v] : {v};";
    let length = reply(&format!(
        "{build} result = {{payload: JSON.stringify(v).length}}"
    ));
    assert_eq!(length.body, (20_000 / 2 * (2 + 6) + 3).to_string());
    let payload = reply(&format!("{build} result = {{payload: v}}"));
    assert_eq!(payload.body.len(), 20_000 / 2 * (2 + 6) + 3);
    assert!(payload.body.starts_with("[{\"v\":[{\"v\":"));
}

#[test]
fn json_stringify_is_the_filters_own_and_looks_built_in() {
    let reply = reply(
        "result = {payload: [JSON.stringify.name, JSON.stringify.length, String(JSON.stringify).includes('native code'), Object.isFrozen(JSON)]}",
    );
    assert_eq!(reply.body, r#"["stringify",3,true,true]"#);
}

#[test]
fn digests_and_hmacs_match_known_vectors() {
    // FIPS 180 and RFC 4231 test vectors.
    let reply = reply(
        "result = {payload: [sha1('abc'), sha256('abc'), sha512('abc').slice(0, 16), sha256('abc', 'base64'), \
         hmacSha256('key', 'The quick brown fox jumps over the lazy dog'), hmacSha1('key', 'The quick brown fox jumps over the lazy dog'), \
         hmacSha512('key', 'The quick brown fox jumps over the lazy dog').slice(0, 16)]}",
    );
    let values: Vec<String> = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(
        values,
        vec![
            "a9993e364706816aba3e25717850c26c9cd0d89d",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "ddaf35a193617aba",
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
            "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9",
            "b42af09057bac1e2",
        ]
    );
}

#[test]
fn timing_safe_equal_compares_whole_strings() {
    let reply = reply(
        "result = {payload: [timingSafeEqual('abc', 'abc'), timingSafeEqual('abc', 'abd'), timingSafeEqual('abc', 'abcd'), timingSafeEqual('', '')]}",
    );
    assert_eq!(reply.body, "[true,false,false,true]");
}

#[test]
fn helpers_refuse_what_they_cannot_hash() {
    assert!(failure("sha256(42)").contains("must be a string"));
    assert!(failure("sha256('x', 'base32')").contains("unknown encoding"));
    assert!(failure("hmacSha256('k')").contains("must be a string"));
    // They are frozen with the rest of the realm.
    assert!(
        run(
            &mut runtime(),
            "globalThis.sha256 = () => 'forged'; result = {payload: 1}"
        )
        .outcome
        .is_err()
    );
}

#[test]
fn no_code_is_compiled_from_strings_at_run_time() {
    for code in [
        "result = {payload: eval('1 + 1')}",
        "result = {payload: (0, eval)('1 + 1')}",
        "result = {payload: new Function('return 1')()}",
        "result = {payload: Function('return 1')()}",
        "result = {payload: (function () {}).constructor('return 1')()}",
        "result = {payload: Object.getPrototypeOf(async function () {}).constructor('return 1')}",
        "result = {payload: Object.getPrototypeOf(function* () {}).constructor('yield 1')}",
    ] {
        let reason = failure(code);
        assert!(
            reason.contains("EvalError") && reason.contains("cannot compile code from strings"),
            "{code}: {reason}"
        );
    }
}

#[test]
fn snippets_still_compile_after_a_run_was_refused_string_compilation() {
    let mut runtime = runtime();
    assert!(
        run(&mut runtime, "result = {payload: eval('1')}")
            .outcome
            .is_err()
    );
    let reply = run(&mut runtime, "result = {payload: 2}").replied();
    assert_eq!(reply.body, "2");
}

#[test]
fn a_snippet_too_deep_for_the_stack_is_refused_at_compile_with_its_place() {
    let code = format!(
        "let a = 1;\nresult = {}{};",
        "(".repeat(100),
        ")".repeat(100)
    );
    let SnippetError::TooDeep(too_deep) = runtime().compile(&code).unwrap_err() else {
        panic!("refused for another reason");
    };
    assert_eq!((too_deep.line, too_deep.column), (2, 73));
    assert!(
        too_deep.message.starts_with("the snippet nests too deeply"),
        "{}",
        too_deep.message
    );
}

#[test]
fn nested_arrays_are_joined_and_flattened_as_the_built_ins_do() {
    // (Boa's toLocaleString separates with ", ".)
    let reply = reply(
        "const a = [1, [2, [3, [4, [5]]]], null, undefined, 'x'];\
         result = {payload: [String(a), a.join('-'), a.toString(), a.toLocaleString(), [1234.5, [new Date(0).getTime()]].toLocaleString(), \
         a.flat(), a.flat(2), a.flat(Infinity), a.flat(0), a.flat(-1), a.flat('2'), a.flat(NaN), [[[[1]]], , 2].flat(100), \
         Array.prototype.join.length, Array.prototype.flat.length, Array.prototype.join.name]}",
    );
    assert_eq!(
        reply.body,
        r#"["1,2,3,4,5,,,x","1-2,3,4,5---x","1,2,3,4,5,,,x","1, 2, 3, 4, 5, , , x","1234.5, 0",[1,2,[3,[4,[5]]],null,null,"x"],[1,2,3,[4,[5]],null,null,"x"],[1,2,3,4,5,null,null,"x"],[1,[2,[3,[4,[5]]]],null,null,"x"],[1,[2,[3,[4,[5]]]],null,null,"x"],[1,2,3,[4,[5]],null,null,"x"],[1,[2,[3,[4,[5]]]],null,null,"x"],[1,2],1,0,"join"]"#
    );
}

#[test]
fn deeply_nested_arrays_stop_at_the_recursion_limit_and_flatten_in_steps() {
    let build = "let v = [1]; for (let i = 0; i < 20000; i++) v = [v];";
    for how in ["String(v)", "v.join()", "v.toLocaleString()", "`${v}`"] {
        let reason = failure(&format!("{build} result = {{payload: {how}}}"));
        assert!(
            reason.contains("maximum number of recursive calls"),
            "{how}: {reason}"
        );
    }
    let joined =
        reply("let v = [1]; for (let i = 0; i < 60; i++) v = [v]; result = {payload: String(v)}");
    assert_eq!(joined.body, "1");
    let flat = reply(&format!("{build} result = {{payload: v.flat(Infinity)}}"));
    assert_eq!(flat.body, "[1]");
    let almost = reply(&format!("{build} result = {{payload: v.flat(19999)}}"));
    assert_eq!(almost.body, "[[1]]");
}

/// Boa runs a function called by native code (a getter, a built-in's callback, a
/// generator) in a nested loop of its own, which its budgeted evaluation did not
/// count: each of these ran 30 million loop iterations to the end (2.5 s natively),
/// and a larger count would have held the worker for hours.
#[test]
fn work_reached_through_built_ins_is_charged_to_the_budget() {
    let work = "let n = 0; \
                const g = () => { for (let i = 0; i < 99999; i++) n++; }; \
                const w = () => { for (let k = 0; k < 300; k++) g(); return n; };";
    for code in [
        "w(); result = {payload: n}",
        "const o = {get x() { return w(); }}; result = {payload: o.x}",
        "const o = {set x(v) { w(); }}; o.x = 1; result = {payload: n}",
        "const o = {toString() { return String(w()); }}; result = {payload: '' + o}",
        "const p = new Proxy({}, {get() { return w(); }}); result = {payload: p.x}",
        "[1].forEach(w); result = {payload: n}",
        "result = {payload: [1].map(w)}",
        "[2, 1].sort(() => w() && 0); result = {payload: n}",
        "'a'.replace('a', () => String(w())); result = {payload: n}",
        "JSON.parse('[1]', (k, v) => w()); result = {payload: n}",
        "function* gen() { yield w(); } for (const v of gen()) {} result = {payload: n}",
        "const [a] = {[Symbol.iterator]() { return {next() { w(); return {done: true}; }}; }}; \
         result = {payload: n}",
        "result = {payload: {toJSON() { return w(); }}}",
        "result = {payload: {get x() { return w(); }}}",
        "class A { constructor() { w(); } } new A(); result = {payload: n}",
    ] {
        let code = format!("{work} {code}");
        let mut runtime = runtime();
        let started = std::time::Instant::now();
        let reason = stop_reason(run(&mut runtime, &code), &code, started);
        assert!(reason.contains("budget"), "{code}: {reason}");
        // Stopped wherever it was, the runtime serves the next run as new.
        serves_the_next_run(&mut runtime, &code);
    }
}

/// After a stopped run, the same runtime runs the next snippet as it would have
/// before: nothing of the stopped run is left in the way (frames, jobs, logs).
fn serves_the_next_run(runtime: &mut SnippetRuntime, after: &str) {
    let next = run(
        runtime,
        "log('next'); const xs = [3, 1, 2].sort(); \
         result = {payload: {xs, proto: typeof Object.prototype.leak, user: user.login}}",
    );
    assert_eq!(
        next.outcome.map(|answer| reply_of(answer).body),
        Ok(r#"{"xs":[1,2,3],"proto":"undefined","user":"ann"}"#.to_string()),
        "after {after}"
    );
    let messages: Vec<&str> = next.logs.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(messages, ["next"], "after {after}");
}

#[test]
fn log_lines_of_a_stopped_run_never_reach_the_next() {
    let mut runtime = runtime();
    let stopped = run(&mut runtime, "log('first request'); while (true) {}");
    assert!(matches!(
        stopped.outcome,
        Err(SnippetFailure { stopped: true, .. })
    ));
    let next = run(&mut runtime, "log('second request'); result = {payload: 1}");
    let messages: Vec<&str> = next.logs.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(messages, ["second request"]);
}

#[test]
fn promise_jobs_run_in_their_own_requests_time() {
    let mut runtime = runtime();
    let first = run(
        &mut runtime,
        "let order = []; \
         Promise.resolve().then(() => { order.push('then'); log('late'); }); \
         (async () => { await null; order.push('after await'); })(); \
         order.push('end'); result = {payload: order}",
    );
    // The snippet awaits, so it is an async function: its jobs run before its
    // result is read, in its own run.
    assert_eq!(
        reply_of(first.outcome.clone().unwrap()).body,
        r#"["end","then","after await"]"#
    );
    assert_eq!(first.logs.len(), 1);
    assert_eq!(first.logs[0].message, "late");
    // A top-level await, as the result.
    let awaited = run(
        &mut runtime,
        "const value = await Promise.resolve(41); result = {payload: value + 1}",
    );
    assert_eq!(awaited.replied().body, "42");
    // A rejection that nothing catches is what the snippet threw.
    let rejected = run(&mut runtime, "await Promise.reject(new NotFound('gone'))");
    assert_eq!(rejected.replied().status, 404);
    // A promise nothing will ever settle fails the run; it cannot hang it.
    let never = run(
        &mut runtime,
        "await new Promise(() => {}); result = {payload: 1}",
    );
    assert!(never.outcome.is_err());
    // A plain snippet's jobs (it neither awaits nor chains `then`) are dropped.
    let plain = run(
        &mut runtime,
        "Promise.resolve().finally(() => log('dropped')); result = {payload: 1}",
    );
    assert!(plain.logs.is_empty(), "{:?}", plain.logs);
    // Nothing of one request runs in another's.
    let next = run(&mut runtime, "result = {payload: 1}");
    assert!(next.logs.is_empty(), "{:?}", next.logs);
}

/// A plain `result` is turned into its reply in Rust (plain.rs); the same result behind
/// a proxy goes through the prelude's checks. Both must give the same reply and logs.
#[test]
fn plain_results_reply_as_the_prelude_would() {
    // (result, whether Rust writes its reply)
    for (result, plain) in [
        (
            "{payload: {hello: request.path, n: [1, 2.5, null, true], nested: {a: {}}}}",
            true,
        ),
        ("{payload: 'as it is'}", true),
        ("{payload: ''}", true),
        ("{payload: null}", true),
        ("{payload: undefined}", true),
        ("{status_code: 204}", true),
        ("{status_code: undefined, payload: 1}", true),
        ("{payload: [1, 'x', , undefined], status_code: 201}", true),
        ("{payload: 1e21, headers: null, response: undefined}", true),
        ("{payload: '\\ud800 lone'}", true),
        ("{payload: {a: undefined, b: () => 1, c: 'é'}}", true),
        (
            "{payload: {toJSON() { return {made: 'by toJSON'}; }}}",
            true,
        ),
        (
            "{payload: {get x() { log('getter ran'); return 1; }}}",
            true,
        ),
        ("{payload: new Date(0)}", true),
        // Failures and thrown classes: the same outcome, whichever path.
        ("{payload: () => 1}", false),
        (
            "{payload: {toJSON() { throw new NotFound('gone'); }}}",
            false,
        ),
        ("{payload: 10n}", false),
        ("{status_code: 200.5, payload: 1}", false),
        ("{status_code: 600}", false),
        ("{status_code: '201', payload: 1}", false),
        (
            "{payload: 1, headers: {'x-a': 'b', 'Content-Type': 'text/csv'}}",
            true,
        ),
        ("{payload: 1, headers: {'x-a': 2}}", false),
        ("{payload: 1, headers: 'x-a'}", false),
        ("{payload: 1, headers: ['x-a']}", false),
        ("{response: new Response('hello')}", true),
        ("{response: new Response(), payload: 'ignored'}", true),
        ("{response: new Response(null, {status: 204})}", true),
        (
            "{response: new Response({a: [1]}, {status: 201, headers: {'x-a': 'b', 'Content-Type': 'text/csv'}})}",
            true,
        ),
        (
            "{response: new Response('x', {headers: {b: '2', 1: 'one', [Symbol('s')]: 'c'}})}",
            true,
        ),
        (
            "{response: new Response('x', {headers: Object.defineProperty({a: '1'}, 'hidden', {value: 'v'})})}",
            true,
        ),
        (
            "{response: new Response({toJSON() { log('toJSON ran'); return 1; }})}",
            true,
        ),
        (
            "{response: new Response('x', {headers: {'x-n': 1}})}",
            false,
        ),
        (
            "{response: new Response('x', {headers: {get x() { log('getter ran'); return 'v'; }}})}",
            false,
        ),
        (
            "{response: new Response('x', {headers: new Map([['a', 'b']])})}",
            false,
        ),
        ("{response: new Response('x', {status: 700})}", false),
        ("{response: new Response('x', {status: 201.5})}", false),
        ("{response: {body: 'x', status: 200, headers: {}}}", false),
        (
            "(() => { class Mine extends Response {} return {response: new Mine('mine')}; })()",
            false,
        ),
        (
            "{response: Object.defineProperty(new Response('x'), 'body', {get() { return 'y'; }})}",
            false,
        ),
        ("{response: new Response(() => 1)}", false),
        ("{get payload() { return 1; }}", false),
        ("{}", false),
        ("{other: 1}", false),
    ] {
        let mut runtime = runtime();
        let direct = run(&mut runtime, &format!("result = {result}"));
        // The prelude's reply goes through the hand-over; Rust's does not.
        let went_plain = runtime
            .handover
            .get(js_string!("status"), &mut runtime.context)
            .unwrap()
            .is_undefined()
            && direct.outcome.is_ok();
        assert_eq!(went_plain, plain, "{result}: {:?}", direct.outcome);
        let proxied = run(
            &mut self::runtime(),
            &format!("result = new Proxy({result}, {{}})"),
        );
        assert_eq!(direct.outcome, proxied.outcome, "{result}");
        let messages = |run: &Run| {
            run.logs
                .iter()
                .map(|line| line.message.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(messages(&direct), messages(&proxied), "{result}");
    }
}

/// Runs `code` with a budget too large to stop it first, so that the heap must.
fn run_unbudgeted(runtime: &mut SnippetRuntime, code: &str, memory_bytes: u64) -> Run {
    let limits = Limits {
        instructions: 1 << 40,
        loop_iterations: 1 << 40,
        memory_bytes,
        ..Limits::default()
    };
    run_with(runtime, code, limits)
}

#[test]
fn a_run_that_outgrows_its_memory_limit_is_stopped() {
    for code in [
        // Doubling a string: one instruction per step, each twice the last.
        "let s = 'x'; while (true) s += s;",
        // Strings kept in an array.
        "const a = []; while (true) a.push('x'.repeat(99999) + a.length);",
        // Objects kept in a map.
        "const m = new Map(); let i = 0; while (true) m.set(i++, {i});",
        // Element storage grown by one built-in call, element by element.
        "new Array(2 ** 32 - 1).fill(0)",
        "Array.from({length: 2 ** 32 - 1}, () => 1)",
        // A catch cannot keep it going.
        "const a = []; while (true) { try { a.push(new Array(1000).fill(1)); } catch {} }",
    ] {
        let mut runtime = runtime();
        let before = heap::held();
        let started = std::time::Instant::now();
        let run = run_unbudgeted(&mut runtime, code, 16 << 20);
        let reason = stop_reason(run, code, started);
        assert_eq!(reason, "stopped: over its memory limit of 16 MiB", "{code}");
        serves_the_next_run(&mut runtime, code);
        // The step that crossed the limit was bounded: at worst, element storage
        // doubling (old and new block, as it is copied) from just under the limit.
        let peak_bound = (16 << 20) * 4;
        let held = heap::held() - before;
        assert!(held < peak_bound, "{code}: {} MiB held", held >> 20);
        drop(runtime);
    }
}

/// Stops a run holding 48 MiB (collected inside the run), in a runtime then thrown
/// away: what it held is freed without a collection.
fn stop_a_hoarder_and_throw_it_away() {
    let mut hoarder = runtime();
    let hoard = "const a = []; while (true) a.push('x'.repeat(99999) + a.length);";
    let started = std::time::Instant::now();
    let reason = stop_reason(
        run_unbudgeted(&mut hoarder, hoard, 48 << 20),
        hoard,
        started,
    );
    assert!(reason.contains("memory limit"), "{reason}");
    drop(hoarder);
}

#[test]
fn garbage_is_collected_before_a_run_is_stopped() {
    // 200 arrays of 100,000 numbers: several hundred megabytes made, one kept at a
    // time. Boa's collector counts only the arrays' headers, so it would let them
    // pile up; the limit collects first.
    let code = "let last; for (let i = 0; i < 200; i++) last = new Array(100000).fill(i); \
                result = {payload: last.length}";
    // First a run stopped while holding much, in a runtime then thrown away: what it
    // held must not hide the next run's garbage.
    stop_a_hoarder_and_throw_it_away();
    let mut runtime = runtime();
    let run = run_unbudgeted(&mut runtime, code, 16 << 20);
    match run.outcome {
        Ok(answer) => assert_eq!(reply_of(answer).body, "100000"),
        Err(failure) => panic!("{failure:?}"),
    }
}

#[test]
fn garbage_between_runs_is_collected_even_after_a_runtime_is_thrown_away() {
    stop_a_hoarder_and_throw_it_away();
    // Each run leaves 2 MB of strings, held by one array Boa's own trigger barely
    // counts. They must be collected between runs, not pile up to the mark the
    // thrown-away runtime left.
    let mut runtime = runtime();
    let code = "const a = []; for (let i = 0; i < 100; i++) a.push('x'.repeat(10000) + i); \
                result = {payload: a.length}";
    let before = heap::held();
    let mut most = 0;
    for _ in 0..40 {
        let run = run_unbudgeted(&mut runtime, code, 16 << 20);
        assert_eq!(
            run.outcome.map(|answer| reply_of(answer).body),
            Ok("100".to_string())
        );
        most = most.max(heap::held() - before);
    }
    assert!(most < 8 << 20, "the heap grew by {most} bytes over 40 runs");
}

#[test]
fn strings_longer_than_the_vm_can_hold_are_a_range_error() {
    let reason = failure("result = {payload: 'x'.repeat(99999).repeat(99999).length}");
    assert!(reason.contains("maximum string length (2^26)"), "{reason}");
    let reason = failure("result = {payload: 'x'.padStart(2 ** 27).length}");
    assert!(
        reason.contains("maximum allowed length (67108864)"),
        "{reason}"
    );
    // Catchable, as in any engine, and the run goes on.
    let caught = reply("try { 'x'.repeat(2 ** 26 + 1) } catch (e) { result = {payload: e.name} }");
    assert_eq!(caught.body, "RangeError");
}

#[test]
fn loops_inside_built_ins_are_charged_to_the_budget() {
    for code in [
        "Array.prototype.indexOf.call({length: 2 ** 53 - 1}, 1)",
        "Array.prototype.includes.call({length: 2 ** 53 - 1}, 1)",
        "Array.prototype.join.call({length: 2 ** 32 - 1})",
        "new Array(2 ** 32 - 1).fill(0)",
        "let a = [1]; for (let i = 0; i < 60; i++) a = [a, a]; JSON.stringify(a)",
        "let a = [1]; for (let i = 0; i < 60; i++) a = [a, a]; result = {payload: a}",
    ] {
        let mut runtime = runtime();
        let started = std::time::Instant::now();
        let reason = stop_reason(run(&mut runtime, code), code, started);
        assert!(reason.contains("budget"), "{code}: {reason}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{code}"
        );
    }
}

#[test]
fn a_regular_expression_that_backtracks_without_end_is_stopped() {
    for code in [
        "/(a+)+$/.test('a'.repeat(40) + 'b')",
        "try { 'a'.repeat(40).concat('b').replace(/(a|aa)+$/g, '') } catch {} result = {payload: 1}",
        "'x'.repeat(30).split(/(x*)*y/)",
    ] {
        let mut runtime = runtime();
        let started = std::time::Instant::now();
        let reason = stop_reason(run(&mut runtime, code), code, started);
        assert_eq!(
            reason, "stopped: a regular expression took over 4000000 steps",
            "{code}"
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{code}"
        );
        serves_the_next_run(&mut runtime, code);
    }
    // Ordinary patterns, on input of a size the default body limit allows, match.
    let fine = reply(
        "const text = 'name.surname@example.com '.repeat(20000); \
         result = {payload: [/^[\\w.-]+@[\\w.-]+$/.test('ann@example.com'), \
                             text.match(/[\\w.]+@example\\.com/g).length]}",
    );
    assert_eq!(fine.body, "[true,20000]");
}

/// Starts `code` with the upstreams `orders` and `stock` to fetch from.
fn start_fetching(runtime: &mut SnippetRuntime, code: &str, limits: Limits) -> Progress {
    let snippet = runtime.compile(code).unwrap();
    let globals = Globals {
        request: runtime.value(&json!({"method": "GET"})).unwrap(),
        user: runtime.frozen_value(&json!({"login": "ann"})).unwrap(),
        endpoint: runtime.frozen_value(&json!({"name": "agg"})).unwrap(),
        env: runtime.frozen_value(&json!({})).unwrap(),
        prepared_bytes: 0,
    };
    let scope = FetchScope {
        upstreams: vec!["orders".to_string(), "stock".to_string()].into(),
        limit: 3,
    };
    runtime.start(snippet, globals, limits, scope)
}

fn waiting(progress: Progress) -> (WaitingRun, Vec<FetchRequest>) {
    match progress {
        Progress::Waiting(run, calls) => (run, calls),
        Progress::Done(run) => panic!("ended: {:?}", run.outcome),
    }
}

fn done(progress: Progress) -> Result<SnippetReply, SnippetFailure> {
    match progress {
        Progress::Done(run) => run.outcome.map(reply_of),
        Progress::Waiting(_, calls) => panic!("still waiting, with {calls:?}"),
    }
}

fn answer(status: u16, body: &str) -> FetchAnswer {
    FetchAnswer::Response {
        status,
        headers: vec![
            (":status".into(), status.to_string()),
            ("content-type".into(), "application/json".into()),
            ("x-a".into(), "1".into()),
            ("x-a".into(), "2".into()),
        ],
        body: body.into(),
    }
}

#[test]
fn a_fetch_waits_for_its_answer_and_the_run_goes_on_with_it() {
    let mut runtime = runtime();
    let code = "const r = await fetch('orders', '/api/orders/42?x=1', \
                {method: 'post', headers: {'X-Trace': 't1'}, body: {qty: 2}}); \
                const order = await r.json(); \
                result = {payload: {status: r.status, ok: r.ok, h: r.headers['x-a'], \
                  order, text: await r.text()}}";
    let (run, calls) = waiting(start_fetching(&mut runtime, code, Limits::default()));
    assert_eq!(
        calls,
        [FetchRequest {
            id: 0,
            upstream: "orders".into(),
            method: "POST".into(),
            path: "/api/orders/42?x=1".into(),
            headers: vec![
                ("x-trace".into(), "t1".into()),
                ("content-type".into(), "application/json".into())
            ],
            body: Some(br#"{"qty":2}"#.to_vec()),
        }]
    );
    // Another request runs while this one waits, and sees nothing of it.
    assert_eq!(reply("result = {payload: typeof r}").body, "undefined");
    let reply = done(runtime.resume(run, 0, Some(500), answer(201, r#"{"id": 42}"#))).unwrap();
    assert_eq!(
        reply.body,
        r#"{"status":201,"ok":true,"h":"1, 2","order":{"id":42},"text":"{\"id\": 42}"}"#
    );
}

#[test]
fn a_fetched_response_shows_its_status_and_headers_and_keeps_its_body_for_text_and_json() {
    let mut runtime = runtime();
    let code = "const r = await fetch('orders', '/a'); \
                result = {payload: {keys: Object.keys(r), text: await r.text(), \
                  json: await r.json(), again: await r.text()}}";
    let (run, _) = waiting(start_fetching(&mut runtime, code, Limits::default()));
    let reply = done(runtime.resume(run, 0, None, answer(404, r#"{"id": 42}"#))).unwrap();
    assert_eq!(
        reply.body,
        r#"{"keys":["status","ok","headers"],"text":"{\"id\": 42}","json":{"id":42},"again":"{\"id\": 42}"}"#
    );
}

#[test]
fn subclasses_of_promise_still_make_their_own_promises() {
    // Boa makes promises of %Promise% itself without running its constructor
    // (vendor/README.md); a subclass's constructor still runs, once per promise it
    // makes: for `resolve`, for `then`, and for the `then` that `Promise.resolve` and
    // `await` each call on it. Node gives the same answer.
    let reply = reply(
        "let made = 0; \
         class Counted extends Promise { constructor(f) { super(f); made++; } } \
         const p = Counted.resolve(1).then((x) => x + 1); \
         const q = Promise.resolve(p); \
         result = {payload: [p instanceof Counted, q instanceof Counted, q === p, \
           Promise.resolve(1) instanceof Counted, await p, made]}",
    );
    assert_eq!(reply.body, "[true,false,false,false,2,4]");
}

#[test]
fn fetches_run_in_parallel_and_answers_come_in_any_order() {
    let mut runtime = runtime();
    let code = "const [a, b] = await Promise.all([fetch('orders', '/a'), fetch('stock', '/b')]); \
                result = {payload: [await a.text(), await b.text()]}";
    let (run, calls) = waiting(start_fetching(&mut runtime, code, Limits::default()));
    assert_eq!(calls.len(), 2);
    assert_eq!(
        (calls[0].upstream.as_str(), calls[1].upstream.as_str()),
        ("orders", "stock")
    );
    // The second answer first: the run waits on, with nothing new to send.
    let (run, more) = waiting(runtime.resume(run, 1, None, answer(200, "B")));
    assert!(more.is_empty());
    let reply = done(runtime.resume(run, 0, None, answer(200, "A"))).unwrap();
    assert_eq!(reply.body, r#"["A","B"]"#);
}

#[test]
fn a_failed_fetch_rejects_with_an_upstream_error() {
    let mut runtime = runtime();
    // Caught: the snippet decides.
    let code = "try { await fetch('orders', '/a'); } \
                catch (e) { result = {payload: [e.name, e.reason, e.upstream, e instanceof UpstreamError]}; }";
    let (run, _) = waiting(start_fetching(&mut runtime, code, Limits::default()));
    let failed = FetchAnswer::Failed(FetchFailure::Unavailable);
    let reply = done(runtime.resume(run, 0, None, failed)).unwrap();
    assert_eq!(
        reply.body,
        r#"["UpstreamError","unavailable","orders",true]"#
    );
    // Uncaught: a 504 for a timeout, a 502 for anything else; the reason is logged.
    for (failure, status) in [
        (FetchFailure::Timeout, 504),
        (FetchFailure::Unavailable, 502),
        (FetchFailure::TooLarge, 502),
        (FetchFailure::NoCluster, 502),
    ] {
        let (run, _) = waiting(start_fetching(
            &mut runtime,
            "const r = await fetch('orders', '/a'); result = {payload: 1}",
            Limits::default(),
        ));
        let Progress::Done(run) = runtime.resume(run, 0, Some(250), FetchAnswer::Failed(failure))
        else {
            panic!("still waiting");
        };
        let reply = reply_of(run.outcome.clone().unwrap());
        assert_eq!(reply.status, status, "{failure:?}");
        assert!(reply.body.contains("UpstreamError"), "{}", reply.body);
        assert!(
            run.logs.iter().any(|l| l
                .message
                .starts_with("uncaught UpstreamError from upstream orders: ")),
            "{failure:?}: {:?}",
            run.logs
        );
    }
}

#[test]
fn fetch_reaches_only_what_the_endpoint_declared_and_as_often_as_allowed() {
    let mut runtime = runtime();
    for (code, expected) in [
        (
            "await fetch('billing', '/a')",
            "is not one of this endpoint's `upstreams`",
        ),
        ("await fetch('orders', 'a')", "starts with `/`"),
        ("await fetch('orders', '/a b')", "starts with `/`"),
        (
            "await fetch('orders', '/a', {method: 'TRACE'})",
            "the method is one of",
        ),
        (
            "await fetch('orders', '/a', {headers: {'x-endpoint-user': 'root'}})",
            "headers are the proxy's",
        ),
        (
            "await fetch('orders', '/a', {headers: {host: 'x'}})",
            "the proxy sets this header itself",
        ),
        (
            "await fetch('orders', '/a', {headers: {'x-a': 'b\\r\\nc: d'}})",
            "CR, LF or NUL",
        ),
        (
            "for (let i = 0; i < 4; i++) fetch('orders', '/a');",
            "made its 3 fetches",
        ),
    ] {
        let failure = match start_fetching(&mut runtime, code, Limits::default()) {
            Progress::Done(run) => run.outcome.unwrap_err(),
            Progress::Waiting(_, calls) => panic!("{code}: sent {calls:?}"),
        };
        assert!(
            failure.reason.contains(expected),
            "{code}: {}",
            failure.reason
        );
        assert!(!failure.stopped, "{code}");
    }
    // Without an endpoint's scope (a plain run), there is nothing to fetch.
    assert!(failure("await fetch('orders', '/a')").contains("not one of this endpoint"));
}

#[test]
fn the_budget_counts_across_every_turn_of_a_run() {
    let mut runtime = runtime();
    let limits = Limits {
        instructions: 200_000,
        ..Limits::default()
    };
    // Each turn alone stays under the budget; together they are over it.
    let code = "const spin = () => { let x = 0; for (let i = 0; i < 6000; i++) x += i; return x; }; \
                spin(); await fetch('orders', '/a'); spin(); await fetch('orders', '/b'); \
                spin(); await fetch('orders', '/c'); spin(); result = {payload: 1}";
    let mut progress = start_fetching(&mut runtime, code, limits);
    let mut turns = 0;
    let outcome = loop {
        match progress {
            Progress::Waiting(run, calls) => {
                turns += 1;
                progress = runtime.resume(run, calls[0].id, None, answer(200, "{}"));
            }
            Progress::Done(run) => break run.outcome,
        }
    };
    let Err(failure) = outcome else {
        panic!("ran to the end in {turns} turns");
    };
    assert!(failure.stopped, "{failure:?}");
    assert!(failure.reason.contains("budget of 200000"), "{failure:?}");
    assert!(
        turns >= 1,
        "stopped in its first turn: the spin is too long"
    );
    // A run that spins after an await is stopped the same way, and the runtime
    // serves the next run.
    let (run, _) = waiting(start_fetching(
        &mut runtime,
        "await fetch('orders', '/a'); while (true) {}",
        Limits::default(),
    ));
    let stopped = done(runtime.resume(run, 0, None, answer(200, ""))).unwrap_err();
    assert!(stopped.stopped, "{stopped:?}");
    serves_the_next_run(&mut runtime, "a loop after an await");
    // Past the instruction budget itself, after an await.
    let (run, _) = waiting(start_fetching(
        &mut runtime,
        "await fetch('orders', '/a'); const f = () => { for (let i = 0; i < 50000; i++); }; for (;;) f();",
        Limits::default(),
    ));
    let stopped = done(runtime.resume(run, 0, None, answer(200, ""))).unwrap_err();
    assert!(
        stopped.stopped && stopped.reason.contains("budget"),
        "{stopped:?}"
    );
    serves_the_next_run(&mut runtime, "a spin after an await");
}

#[test]
fn a_run_dropped_while_it_waits_frees_what_it_held() {
    let mut runtime = runtime();
    let code = "let held = 'x'; for (let i = 0; i < 21; i++) held += held; \
                await fetch('orders', '/a'); result = {payload: held.length}";
    let before = heap::held();
    let (run, _) = waiting(start_fetching(&mut runtime, code, Limits::default()));
    let holding = heap::held() - before;
    assert!(holding > 1 << 20, "held {holding} bytes");
    drop(run);
    boa_engine::gc::force_collect();
    let after = heap::held() - before;
    assert!(after < holding / 4, "still {after} of {holding} bytes held");
}

/// Isolation by walking the realm: nothing a snippet can reach without creating it,
/// from the global object or through an instance of any kind it can make, is
/// extensible or writable (reachable.js finds the instances by itself).
#[test]
fn everything_shared_a_snippet_can_reach_is_frozen() {
    let mut runtime = runtime();
    let result = runtime
        .context
        .eval(Source::from_bytes(include_str!("reachable.js")))
        .unwrap();
    let found = result.to_json(&mut runtime.context).unwrap().unwrap();
    let unfrozen = found["unfrozen"].as_array().unwrap();
    assert!(unfrozen.is_empty(), "not frozen: {unfrozen:#?}");
    // The walk saw the realm and made instances of many kinds.
    assert!(found["shared"].as_u64().unwrap() > 500, "{found:#}");
    assert!(found["instances"].as_u64().unwrap() > 55, "{found:#}");
}

/// A chain of prototypes or proxies read from its far end nests one native call per
/// link, which Boa did without bound: 100,000 links ran off an 8 MiB stack (the
/// filter's) and took the process down. Each link now counts as a nested call.
#[test]
fn long_chains_of_prototypes_or_proxies_meet_the_recursion_limit() {
    let chain = |link: &str, read: &str| {
        format!(
            "let o = {{}}; for (let i = 0; i < 100000; i++) o = {link}; result = {{payload: String({read})}}"
        )
    };
    let attacks = [
        chain("Object.create(o)", "o.missing"),
        chain("Object.create(o)", "(o.x = 1)"),
        chain("Object.create(o)", "'x' in o"),
        chain("new Proxy(o, {})", "o.missing"),
        chain("new Proxy(o, {})", "Object.getPrototypeOf(o)"),
        chain("new Proxy(o, {})", "o instanceof Array"),
        chain("new Proxy(o, {})", "Reflect.ownKeys(o)"),
        chain("new Proxy(o, {})", "Object.isExtensible(o)"),
        chain("new Proxy(o, {})", "delete o.x"),
    ];
    for code in attacks {
        let outcome = std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn(move || {
                let limits = Limits {
                    instructions: 1 << 40,
                    ..Limits::default()
                };
                run_with(&mut runtime(), &code, limits).outcome
            })
            .unwrap()
            .join()
            .unwrap();
        let failure = outcome.err().unwrap();
        assert!(failure.stopped, "{failure:?}");
        assert!(
            failure.reason.contains("maximum number of recursive calls"),
            "{failure:?}"
        );
    }
    // A chain within the limit reads as before.
    let short = chain("Object.create(o)", "o.missing").replace("100000", "100");
    assert_eq!(run(&mut runtime(), &short).replied().body, "undefined");
}

// What the runtime tenures (vendor/README.md, `boa_gc`): left out of collections, and
// what it refers to kept with it.

/// An ordinary object of the context's realm.
fn object(context: &mut Context) -> JsObject {
    JsObject::with_object_proto(context.intrinsics())
}

#[test]
fn a_value_only_a_tenured_one_refers_to_outlives_collections() {
    let mut context = Context::default();
    let holder = object(&mut context);
    let mut tenured = Tenured::new();
    tenured.add(&holder.clone());
    assert!(!tenured.is_empty());
    // Set after the tenuring: the holder's reference is never counted as one from
    // inside the heap, so the young object counts as a root.
    let young = object(&mut context);
    young
        .set(js_string!("answer"), 42, false, &mut context)
        .unwrap();
    holder
        .set(js_string!("young"), young, false, &mut context)
        .unwrap();
    for _ in 0..3 {
        for _ in 0..10_000 {
            drop(object(&mut context));
        }
        boa_engine::gc::force_collect();
    }
    let young = holder.get(js_string!("young"), &mut context).unwrap();
    let answer = young
        .as_object()
        .unwrap()
        .get(js_string!("answer"), &mut context)
        .unwrap();
    assert_eq!(answer.as_number(), Some(42.0));
}

#[test]
fn a_tenured_value_is_kept_until_its_set_is_dropped() {
    let mut context = Context::default();
    boa_engine::gc::force_collect();
    let held_before = heap::held();
    let mut tenured = Tenured::new();
    let elements = (0..100_000).map(JsValue::from);
    tenured.add(&JsValue::from(JsArray::from_iter(elements, &mut context)));
    // Unreachable now, but tenured: no collection frees it.
    boa_engine::gc::force_collect();
    let kept = heap::held() - held_before;
    assert!(kept > 700_000, "the array holds {kept} bytes");
    // Handed back, it is garbage like any other.
    drop(tenured);
    boa_engine::gc::force_collect();
    let left = heap::held() - held_before;
    assert!(left < kept / 4, "{left} bytes left of {kept}");
}

#[test]
fn the_runtime_leaves_its_realm_out_of_collections() {
    let mut runtime = runtime();
    // The realm's built-ins, the prelude's classes and functions.
    let realm = runtime.tenured.len();
    assert!(realm > 1_000, "{realm} values tenured");
    let snippet = runtime.compile("result = {payload: 1}").unwrap();
    let shared = vec![runtime.frozen_value(&json!({"a": [1, 2]})).unwrap()];
    runtime.tenure(shared, &[snippet]);
    // The function, and the frozen object and its array.
    assert!(
        runtime.tenured.len() >= realm + 3,
        "{}",
        runtime.tenured.len()
    );
}
