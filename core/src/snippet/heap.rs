//! The heap a snippet run may grow: a counting global allocator, and the per-run
//! memory limit.
//!
//! A wasm VM has about a gigabyte of linear memory, and an allocation Rust cannot
//! serve aborts the VM with every request on its worker. Boa's allocations are
//! infallible, so the limit cannot be a refused allocation: the allocator counts
//! what the thread holds and calls the run's `over` hook (the interrupt's `raise`,
//! interrupt.rs) once the run has grown past its limit; Boa then asks [`stop_if_over`], which first collects
//! garbage, since Boa's collector counts its objects' headers only, not the strings
//! and element storage they hold.
//!
//! What one step can allocate past the limit is itself bounded: strings are at most
//! 2^26 code units (the patch), and lists grow element by element (an `ArrayBuffer`
//! takes its size at once; docs/snippets.md, "Limits").
//!
//! The filter registers [`CountingAllocator`] as its global allocator, and so do this
//! crate's tests. Without it nothing is counted and no run is ever over its limit.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting the bytes each thread holds.
pub struct CountingAllocator;

// SAFETY: every call is passed to `System` unchanged; the counting touches only
// thread-local cells, which never allocate.
#[allow(unsafe_code)] // A global allocator is an unsafe trait.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            grown(layout.size() as isize);
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let block = unsafe { System.alloc_zeroed(layout) };
        if !block.is_null() {
            grown(layout.size() as isize);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(block, layout) };
        shrunk(layout.size() as isize);
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let moved = unsafe { System.realloc(block, layout, new_size) };
        if !moved.is_null() {
            let change = new_size as isize - layout.size() as isize;
            if change >= 0 {
                grown(change);
            } else {
                shrunk(-change);
            }
        }
        moved
    }
}

/// The limit of the run under way on this thread.
#[derive(Clone, Copy)]
struct RunLimit {
    /// What the thread held when the run began.
    baseline: isize,
    /// How far past `baseline` the run may grow, in bytes.
    bytes: isize,
    /// What the thread held after the run's last forced collection (at first, the
    /// baseline): a run over its limit is collected again only for what it has
    /// itself allocated since.
    after_collection: isize,
    /// Called from the allocator once the run is past its limit; must not allocate.
    over: fn(),
}

/// A run over its limit is collected only if it allocated at least this share of
/// its limit since its last collection: one that holds nearly all of its limit is
/// stopped, not collected again and again (each collection walks what it holds).
const COLLECT_AFTER_SHARE: isize = 4;

/// Garbage a worker may hold between runs before one is collected. Boa's own trigger
/// counts its objects' headers only, every 1 MiB of them: it lets large arrays and
/// strings pile up, and for small objects it waited for about 1.4 MiB of garbage (a
/// hello request leaves 1.1 KiB) and then stopped the worker for 0.7 ms natively.
/// The realm is tenured (`SnippetRuntime`), so a collection walks what runs made
/// since, not the realm: its cost is nearly all freeing the garbage. Counted in
/// instructions, collecting every 64 KiB instead of every 256 KiB costs a hello
/// request 1.8% more, for pauses a fifth as long (p99.9 of hello natively 40–70 µs
/// instead of 210; a pause holds up every request queued on the worker); every
/// 32 KiB would cost 4.4% more.
const GARBAGE_BETWEEN_RUNS: isize = 64 << 10;

thread_local! {
    /// Bytes this thread holds (allocated minus freed, since it started).
    static HELD: Cell<isize> = const { Cell::new(0) };
    /// The run under way, if any.
    static RUN: Cell<Option<RunLimit>> = const { Cell::new(None) };
    /// What this thread held after its last forced collection.
    static AFTER_COLLECTION: Cell<isize> = const { Cell::new(0) };
}

fn grown(bytes: isize) {
    let _ = HELD.try_with(|held| {
        let now = held.get() + bytes;
        held.set(now);
        if let Ok(Some(run)) = RUN.try_with(Cell::get)
            && now - run.baseline > run.bytes
        {
            (run.over)();
        }
    });
}

fn shrunk(bytes: isize) {
    let _ = HELD.try_with(|held| held.set(held.get() - bytes));
}

/// Bytes the current thread holds, as counted by [`CountingAllocator`].
pub fn held() -> isize {
    HELD.with(Cell::get)
}

/// Whether the run under way is over its limit, even after a collection.
pub(super) fn stop_if_over() -> bool {
    let Some(mut run) = RUN.with(Cell::get) else {
        return false;
    };
    if held() - run.baseline <= run.bytes {
        return false;
    }
    if held() - run.after_collection >= run.bytes / COLLECT_AFTER_SHARE {
        collect_garbage();
        run.after_collection = held();
        RUN.with(|cell| cell.set(Some(run)));
        if held() - run.baseline <= run.bytes {
            return false;
        }
    }
    true
}

fn collect_garbage() {
    boa_engine::gc::force_collect();
    AFTER_COLLECTION.with(|after| after.set(held()));
}

/// Starts counting a run that may grow the heap by `bytes`, calling `over` from the
/// allocator once it has grown past that. Collects first if the worker has piled up
/// garbage since the last collection.
pub(super) fn begin_run(bytes: u64, over: fn()) {
    let held_now = held();
    // Memory freed without a forced collection (by Boa's own trigger, or a stopped
    // runtime thrown away) lowers the mark: all that grows from here is new. A mark
    // left above what is held would hide that much garbage.
    let after_collection = AFTER_COLLECTION.with(|mark| {
        mark.set(mark.get().min(held_now));
        mark.get()
    });
    if held_now - after_collection > GARBAGE_BETWEEN_RUNS {
        collect_garbage();
    }
    let baseline = held();
    RUN.with(|run| {
        run.set(Some(RunLimit {
            baseline,
            bytes: isize::try_from(bytes).unwrap_or(isize::MAX),
            after_collection: baseline,
            over,
        }))
    });
}

/// Ends the run's limit.
pub(super) fn end_run() {
    RUN.with(|run| run.set(None));
}
