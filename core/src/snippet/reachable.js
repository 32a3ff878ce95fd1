// Test only: lists every object a snippet can reach without creating it that is not
// frozen. It does not trust freeze.js's list of roots: it walks from the global
// object and from instances it makes of every kind it can find, by calling every
// constructor and function it reaches, then every method on the instances found so
// far, for a few rounds (`[].values().map(f)` takes three). What a call returns is
// the caller's own, but its prototype chain, and the accessors it holds, are shared.
(function () {
  "use strict";
  const shared = new Map(); // object -> how it was reached
  const functions = [];     // every shared function, with its path
  const unfrozen = [];

  const isObject = (v) => v !== null && (typeof v === "object" || typeof v === "function");

  function walkShared(root, path) {
    const stack = [[root, path]];
    while (stack.length > 0) {
      const [object, at] = stack.pop();
      if (!isObject(object) || shared.has(object)) continue;
      shared.set(object, at);
      if (!Object.isFrozen(object)) unfrozen.push(at);
      if (typeof object === "function") functions.push([object, at]);
      for (const key of Reflect.ownKeys(object)) {
        const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
        if (descriptor === undefined) continue;
        const name = at + "." + String(key);
        if ("value" in descriptor) stack.push([descriptor.value, name]);
        if (descriptor.get !== undefined) stack.push([descriptor.get, name + "<get>"]);
        if (descriptor.set !== undefined) stack.push([descriptor.set, name + "<set>"]);
      }
      stack.push([Object.getPrototypeOf(object), at + ".__proto__"]);
    }
  }

  // What this walk made itself: its functions and their `prototype` objects. An
  // instance's prototype is shared only from the first object up its chain that is
  // not one of these (an instance of `class extends Array` has its own prototype).
  const own = new WeakSet();
  function made(value) {
    if (isObject(value)) own.add(value);
    if (typeof value === "function" && isObject(value.prototype)) own.add(value.prototype);
    return value;
  }

  // One instance per prototype: the receivers methods are tried on.
  const instances = [];
  const prototypes = new Set();
  function found(value, path) {
    if (!isObject(value) || shared.has(value)) return;
    let prototype = Object.getPrototypeOf(value);
    while (prototype !== null && own.has(prototype)) prototype = Object.getPrototypeOf(prototype);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined) continue;
      if (descriptor.get !== undefined) walkShared(descriptor.get, path + "." + String(key) + "<get>");
      if (descriptor.set !== undefined) walkShared(descriptor.set, path + "." + String(key) + "<set>");
    }
    walkShared(prototype, path + ".__proto__");
    if (!prototypes.has(prototype)) {
      prototypes.add(prototype);
      instances.push([value, path]);
    }
  }

  const argumentSets = () => [[], [made(function () {})], [made(function () {}), made(function () {})], [0], ["a"], [made({})], [made(new ArrayBuffer(8))]];
  function tryCall(f, receiver, path) {
    for (const args of argumentSets()) {
      try { found(Reflect.apply(f, receiver, args), path + "(" + args.length + ")"); } catch (e) { found(e, path + "!"); }
    }
  }

  walkShared(globalThis, "globalThis");
  // Kinds only syntax makes: their constructors are not reachable from globalThis.
  const kinds = {
    "function*": function* () {},
    "async function": async function () {},
    "async function*": async function* () {},
    "arrow": () => {},
    "async arrow": async () => {},
    "class": class {},
    "derived class": class extends Array {},
    "arguments": (function () { return arguments; })(1),
    "generator": made(function* () { yield 1; })(),
    "async generator": made(async function* () { yield 1; })(),
    "promise": (async function () {})(),
    "regexp": /a/g,
    "template": ((strings) => strings)`t${1}`,
    "object": {},
    "array": [1],
    "bigint": Object(1n),
    "symbol": Object(Symbol("s")),
  };
  for (const name of Object.keys(kinds)) found(made(kinds[name]), name);
  // Every shared function as a function and as a constructor.
  for (const [f, path] of functions.slice()) {
    tryCall(f, undefined, path);
    for (const args of argumentSets()) {
      try { found(Reflect.construct(f, args), "new " + path); } catch (e) { found(e, "new " + path + "!"); }
    }
  }
  // Every method of an instance's prototype chain, on that instance, for three rounds.
  let from = 0;
  for (let round = 0; round < 3; round++) {
    const until = instances.length;
    for (let i = from; i < until; i++) {
      const [instance, path] = instances[i];
      for (let holder = Object.getPrototypeOf(instance); holder !== null; holder = Object.getPrototypeOf(holder)) {
        for (const key of Reflect.ownKeys(holder)) {
          const descriptor = Reflect.getOwnPropertyDescriptor(holder, key);
          if (descriptor === undefined || typeof descriptor.value !== "function" || key === "constructor") continue;
          tryCall(descriptor.value, instance, path + "." + String(key));
        }
      }
    }
    from = until;
  }
  return { unfrozen, shared: shared.size, instances: instances.length, kinds: instances.map(([v, p]) => Object.prototype.toString.call(v) + " " + p) };
})()
