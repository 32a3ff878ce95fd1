//! A budget of matching steps for the backtracking engine, per thread, so that a host
//! can bound a pattern that backtracks catastrophically (`/(a+)+$/` against
//! `"aaaa...b"` takes 2^n steps). [Endpoint patch: see vendor/README.md]
//!
//! Each instruction the backtracking engine executes takes one step. Once the budget
//! is spent, the `on_spent` hook is called (once) and every match attempt fails at
//! once, so the search ends within one step per remaining start position. The host
//! is expected to stop the script from its hook; the failed match it sees meanwhile
//! is not a true answer.

use core::cell::Cell;

std::thread_local! {
    static STEPS_LEFT: Cell<u64> = const { Cell::new(u64::MAX) };
    static ON_SPENT: Cell<Option<fn()>> = const { Cell::new(None) };
}

/// Sets the steps this thread's matching may take from now on (`u64::MAX`, the
/// default, for no limit), and the hook to call when they are spent.
pub fn set(steps: u64, on_spent: Option<fn()>) {
    STEPS_LEFT.with(|left| left.set(steps));
    ON_SPENT.with(|hook| hook.set(on_spent));
}

/// The steps left of the budget set by [`set`].
pub fn left() -> u64 {
    STEPS_LEFT.with(Cell::get)
}

/// Takes one step; false once the budget is spent.
#[inline]
pub(crate) fn take() -> bool {
    STEPS_LEFT.with(|left| match left.get() {
        u64::MAX => true,
        0 => false,
        1 => {
            left.set(0);
            if let Some(hook) = ON_SPENT.with(Cell::get) {
                hook();
            }
            false
        }
        n => {
            left.set(n - 1);
            true
        }
    })
}
