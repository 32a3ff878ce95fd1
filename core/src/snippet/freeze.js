// Run once per Boa context after the prelude: freezes everything a snippet can reach
// without creating it, so that no request can leave state behind for the next one
// (a global, a patched prototype). Snippets run in strict mode, where such writes throw.
(function () {
  "use strict";
  // Error subclasses commonly assign `this.name` in their constructor. On a frozen
  // Error.prototype that assignment would throw (the "override mistake"), so these
  // properties become accessors that define an own property on the instance instead.
  function allowOverride(object, key) {
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    if (descriptor === undefined || !("value" in descriptor)) return;
    const value = descriptor.value;
    Object.defineProperty(object, key, {
      get() { return value; },
      set(next) {
        if (this === object) throw new TypeError("Cannot assign to read only property '" + String(key) + "'");
        Object.defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
      },
      enumerable: descriptor.enumerable,
      configurable: false,
    });
  }
  const errorConstructors = [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
    UserError, ValidationError, BadRequest, NotFound, Unauthorized];
  for (const cls of errorConstructors) {
    allowOverride(cls.prototype, "name");
    allowOverride(cls.prototype, "message");
  }
  for (const key of ["toString", "valueOf", "constructor", "toJSON"]) {
    allowOverride(Object.prototype, key);
  }

  // Intrinsics reachable from values rather than from globalThis. The test that walks
  // the realm from instances of every kind (reachable.js) finds any this list lacks.
  const roots = [
    globalThis,
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(async function* () {}),
    Object.getPrototypeOf([][Symbol.iterator]()),
    Object.getPrototypeOf(new Map()[Symbol.iterator]()),
    Object.getPrototypeOf(new Set()[Symbol.iterator]()),
    Object.getPrototypeOf(""[Symbol.iterator]()),
    Object.getPrototypeOf(/a/[Symbol.matchAll]("")),
    Object.getPrototypeOf([].values().map((x) => x)),
    Object.getPrototypeOf(Iterator.from({ next() { return { done: true }; } })),
    Object.getPrototypeOf(Int8Array),
  ];
  const seen = new Set();
  const stack = roots.slice();
  while (stack.length > 0) {
    const object = stack.pop();
    if (object === null || (typeof object !== "object" && typeof object !== "function") || seen.has(object)) continue;
    seen.add(object);
    for (const key of Reflect.ownKeys(object)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
      if (descriptor === undefined) continue;
      if ("value" in descriptor) stack.push(descriptor.value);
      if (descriptor.get !== undefined) stack.push(descriptor.get);
      if (descriptor.set !== undefined) stack.push(descriptor.set);
    }
    stack.push(Object.getPrototypeOf(object));
    Object.freeze(object);
  }
  return seen.size;
})()
