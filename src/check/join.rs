//! Running futures side by side without an async runtime: the checks ask
//! DNS many independent questions, and the answers should arrive in the
//! time of the slowest one, not the sum of all.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Polls every future until all are done; the outputs come back in the
/// order the futures were given.
pub fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> JoinAll<F> {
    let pending: Vec<Option<Pin<Box<F>>>> = futures.into_iter().map(|f| Some(Box::pin(f))).collect();
    let outputs = pending.iter().map(|_| None).collect();
    JoinAll { pending, outputs }
}

/// The future of [`join_all`].
pub struct JoinAll<F: Future> {
    pending: Vec<Option<Pin<Box<F>>>>,
    outputs: Vec<Option<F::Output>>,
}

impl<F: Future> Unpin for JoinAll<F> {}

impl<F: Future> Future for JoinAll<F> {
    type Output = Vec<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let mut all_done = true;
        for (slot, output) in this.pending.iter_mut().zip(this.outputs.iter_mut()) {
            if let Some(future) = slot {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => {
                        *output = Some(value);
                        *slot = None;
                    }
                    Poll::Pending => all_done = false,
                }
            }
        }
        if all_done {
            Poll::Ready(this.outputs.iter_mut().filter_map(Option::take).collect())
        } else {
            Poll::Pending
        }
    }
}

/// A boxed future, so futures of different kinds can run in one list.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Runs the futures side by side and hands each output to `each` as soon
/// as it is ready (a page shows each part of a check as it arrives).
pub async fn each_as_ready<'a, T>(futures: Vec<BoxFuture<'a, T>>, mut each: impl FnMut(T)) {
    let mut pending: Vec<Option<BoxFuture<'a, T>>> = futures.into_iter().map(Some).collect();
    std::future::poll_fn(move |cx| {
        let mut left = false;
        for slot in pending.iter_mut() {
            if let Some(future) = slot {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => {
                        *slot = None;
                        each(value);
                    }
                    Poll::Pending => left = true,
                }
            }
        }
        if left {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await
}

/// Two futures of different types side by side.
pub async fn join2<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = Box::pin(a);
    let mut b = Box::pin(b);
    let (mut out_a, mut out_b) = (None, None);
    std::future::poll_fn(move |cx| {
        if out_a.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                out_a = Some(v);
            }
        }
        if out_b.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                out_b = Some(v);
            }
        }
        match (out_a.take(), out_b.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (a, b) => {
                out_a = a;
                out_b = b;
                Poll::Pending
            }
        }
    })
    .await
}

/// Runs a future to completion on this thread (tests and the command line;
/// the browser has its own executor). Parks the thread between polls.
#[cfg(not(target_arch = "wasm32"))]
pub fn block_on<F: Future>(future: F) -> F::Output {
    use std::sync::Arc;
    use std::task::{Wake, Waker};

    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = Box::pin(future);
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    /// A future that is pending `n` times before giving `value`, and counts
    /// how often it was polled in the shared counter.
    fn after(n: u32, value: u32, polls: Rc<Cell<u32>>) -> impl Future<Output = u32> {
        let mut left = n;
        std::future::poll_fn(move |cx| {
            polls.set(polls.get() + 1);
            if left == 0 {
                Poll::Ready(value)
            } else {
                left -= 1;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
    }

    #[test]
    fn outputs_keep_their_order_and_futures_progress_together() {
        let polls = Rc::new(Cell::new(0));
        let futures =
            vec![after(3, 1, polls.clone()), after(0, 2, polls.clone()), after(1, 3, polls.clone())];
        assert_eq!(block_on(join_all(futures)), vec![1, 2, 3]);
        // Interleaved: 4 + 1 + 2 polls, not more.
        assert_eq!(polls.get(), 7);
        let (a, b) = block_on(join2(after(2, 5, polls.clone()), async { "b" }));
        assert_eq!((a, b), (5, "b"));
        assert!(block_on(join_all(Vec::<std::future::Ready<u8>>::new())).is_empty());
    }
}
