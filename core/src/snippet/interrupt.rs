//! Stopping a snippet run from outside Boa's run loop: when the heap has grown past
//! the run's limit (heap.rs), or a regular expression has spent its matching steps.
//!
//! Either raises one flag, which Boa (patched, vendor/README.md) reads at each
//! instruction and property access; it then calls [`stop`], which says whether the
//! run ends, with an error JavaScript cannot catch.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

use super::heap;

/// Why a run was stopped from outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The heap grew past the run's limit, even after a collection.
    Memory,
    /// A regular expression spent the run's matching steps.
    RegexSteps,
}

thread_local! {
    /// The flag Boa reads; one per thread (natively, tests run snippets on many),
    /// made on first use, outside the allocator, and kept for the thread's life.
    static RAISED: &'static AtomicBool = Box::leak(Box::new(AtomicBool::new(false)));
    /// Why the run under way was stopped.
    static CAUSE: Cell<Option<Cause>> = const { Cell::new(None) };
}

/// The interrupt to give Boa's context.
pub fn for_boa() -> boa_engine::context::Interrupt {
    boa_engine::context::Interrupt {
        raised: RAISED.with(|raised| *raised),
        stop,
    }
}

/// Raises the flag. Never allocates: the allocator calls it, and only during a run,
/// after [`RunGuard::begin`] made the flag.
fn raise() {
    let _ = RAISED.try_with(|raised| raised.store(true, Ordering::Relaxed));
}

/// Called by Boa once the flag is raised: whether to stop the run. Clears the flag
/// when the run may go on.
fn stop() -> bool {
    RAISED.with(|raised| raised.store(false, Ordering::Relaxed));
    if CAUSE.with(Cell::get).is_some() {
        return true;
    }
    if heap::stop_if_over() {
        CAUSE.with(|cause| cause.set(Some(Cause::Memory)));
        return true;
    }
    false
}

/// For host code that builds values for a run outside Boa's loop (which reads the
/// flag itself): whether the run's memory limit is crossed, even after a collection.
pub(crate) fn memory_exhausted() -> bool {
    RAISED.with(|raised| raised.load(Ordering::Relaxed)) && stop()
}

/// regress's hook once the run's steps are spent: every match attempt fails from
/// now on, and the run stops at its next instruction, before it can act on that.
fn regex_steps_spent() {
    CAUSE.with(|cause| cause.set(Some(Cause::RegexSteps)));
    raise();
}

/// The memory limit and the regular expression budget of one run, in force until
/// the guard is dropped.
pub struct RunGuard {
    _private: (),
}

impl RunGuard {
    pub fn begin(memory_bytes: u64, regex_steps: u64) -> RunGuard {
        RAISED.with(|raised| raised.store(false, Ordering::Relaxed));
        CAUSE.with(|cause| cause.set(None));
        heap::begin_run(memory_bytes, raise);
        regress::step_budget::set(regex_steps, Some(regex_steps_spent));
        RunGuard { _private: () }
    }

    /// Why the run was stopped from outside, if it was.
    pub fn cause(&self) -> Option<Cause> {
        CAUSE.with(Cell::get)
    }
}

impl Drop for RunGuard {
    fn drop(&mut self) {
        regress::step_budget::set(u64::MAX, None);
        heap::end_run();
        CAUSE.with(|cause| cause.set(None));
        RAISED.with(|raised| raised.store(false, Ordering::Relaxed));
    }
}
