//! The resolver a check runs over: every name and type is asked once (later
//! askers share the first answer, even while it is still on its way), at
//! most a few queries are in flight at a time, and every query is logged
//! for the report and the tests.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::{poll_fn, Future};
use std::task::{Poll, Waker};

use crate::dns::{normalize, Answer, RecordType, Resolver};

/// Queries in flight at once by default. A check asks about 60 questions,
/// most of them DKIM selector probes; public DoH services multiplex them
/// over one HTTP/2 connection, so 16 keeps a check to a few round trips
/// (measured: a 3-deep SPF tree with 50 ms per query in 290 ms at 16, 506 ms
/// at 8) without looking like a flood.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// One query the check made, and its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// The name asked, normalised (lower case, no trailing dot).
    pub name: String,
    /// The type asked.
    pub record_type: RecordType,
    /// What came back.
    pub answer: Answer,
}

enum Slot {
    Pending(Vec<Waker>),
    Done(Answer),
}

#[derive(Default)]
struct State {
    answers: HashMap<(String, RecordType), Slot>,
    in_flight: usize,
    /// Queries waiting for a slot: ticket, whether it is a background
    /// query, and its waker.
    waiting: Vec<(u64, bool, Waker)>,
    tickets: u64,
    log: Vec<Query>,
}

/// Wraps a [`Resolver`] for one check: a cache shared by every lookup, a
/// concurrency cap, and a log. See the module docs.
pub struct CheckResolver<R> {
    inner: R,
    limit: usize,
    state: RefCell<State>,
}

impl<R: Resolver> CheckResolver<R> {
    /// A fresh cache over `inner`, with [`DEFAULT_CONCURRENCY`].
    pub fn new(inner: R) -> Self {
        Self::with_concurrency(inner, DEFAULT_CONCURRENCY)
    }

    /// A fresh cache over `inner`, with at most `limit` queries in flight.
    pub fn with_concurrency(inner: R, limit: usize) -> Self {
        CheckResolver { inner, limit: limit.max(1), state: RefCell::new(State::default()) }
    }

    /// Every query made so far, in the order the answers came.
    pub fn queries(&self) -> Vec<Query> {
        self.state.borrow().log.clone()
    }

    /// Progress: queries answered, and queries asked so far (answered or
    /// still on their way).
    pub fn progress(&self) -> (usize, usize) {
        let state = self.state.borrow();
        (state.log.len(), state.answers.len())
    }

    /// How many queries went to the resolver underneath.
    pub fn query_count(&self) -> usize {
        self.state.borrow().log.len()
    }

    /// The answer, from the cache, from a query already under way, or by
    /// asking (waiting for a free slot first).
    async fn ask(&self, name: &str, record_type: RecordType, background: bool) -> Answer {
        let key = (normalize(name), record_type);
        loop {
            let first = {
                let mut state = self.state.borrow_mut();
                match state.answers.get(&key) {
                    Some(Slot::Done(answer)) => return answer.clone(),
                    Some(Slot::Pending(_)) => false,
                    None => {
                        state.answers.insert(key.clone(), Slot::Pending(Vec::new()));
                        true
                    }
                }
            };
            if first {
                break;
            }
            // Someone else is asking: wait for their answer. Should their
            // slot vanish without one, ask again ourselves.
            let shared = poll_fn(|cx| {
                let mut state = self.state.borrow_mut();
                match state.answers.get_mut(&key) {
                    Some(Slot::Done(answer)) => Poll::Ready(Some(answer.clone())),
                    Some(Slot::Pending(wakers)) => {
                        wakers.push(cx.waker().clone());
                        Poll::Pending
                    }
                    None => Poll::Ready(None),
                }
            })
            .await;
            if let Some(answer) = shared {
                return answer;
            }
        }
        // A free slot; background queries let every other waiting query go first.
        let mut ticket = None;
        poll_fn(|cx| {
            let mut state = self.state.borrow_mut();
            let id = match ticket {
                Some(id) => id,
                None => {
                    state.tickets += 1;
                    ticket = Some(state.tickets);
                    state.tickets
                }
            };
            let others_first = background && state.waiting.iter().any(|(other, low, _)| !low && *other != id);
            if state.in_flight < self.limit && !others_first {
                state.in_flight += 1;
                state.waiting.retain(|(other, _, _)| *other != id);
                Poll::Ready(())
            } else {
                match state.waiting.iter_mut().find(|(other, _, _)| *other == id) {
                    Some(entry) => entry.2 = cx.waker().clone(),
                    None => state.waiting.push((id, background, cx.waker().clone())),
                }
                Poll::Pending
            }
        })
        .await;
        // Should this future be dropped before the answer comes, the guard
        // frees the slot and the pending entry, so those waiting ask again.
        let mut guard = Abandoned { state: &self.state, key: Some(key.clone()) };
        let answer = self.inner.query(&key.0, record_type).await;
        guard.key = None;
        let wake = {
            let mut state = self.state.borrow_mut();
            state.in_flight = state.in_flight.saturating_sub(1);
            let mut wake: Vec<Waker> = state.waiting.iter().map(|(_, _, waker)| waker.clone()).collect();
            if let Some(Slot::Pending(wakers)) = state.answers.insert(key.clone(), Slot::Done(answer.clone()))
            {
                wake.extend(wakers);
            }
            state.log.push(Query { name: key.0, record_type, answer: answer.clone() });
            wake
        };
        for waker in wake {
            waker.wake();
        }
        answer
    }
}

/// Clears a query's slot and its pending entry when the query is dropped
/// unfinished (see [`CheckResolver::ask`]).
struct Abandoned<'a> {
    state: &'a RefCell<State>,
    key: Option<(String, RecordType)>,
}

impl Drop for Abandoned<'_> {
    fn drop(&mut self) {
        let Some(key) = self.key.take() else { return };
        let Ok(mut state) = self.state.try_borrow_mut() else { return };
        state.in_flight = state.in_flight.saturating_sub(1);
        let mut wake: Vec<Waker> = state.waiting.iter().map(|(_, _, waker)| waker.clone()).collect();
        if let Some(Slot::Pending(wakers)) = state.answers.remove(&key) {
            wake.extend(wakers);
        }
        drop(state);
        for waker in wake {
            waker.wake();
        }
    }
}

impl<R: Resolver> Resolver for CheckResolver<R> {
    fn query(&self, name: &str, record_type: RecordType) -> impl Future<Output = Answer> {
        self.ask(name, record_type, false)
    }
}

impl<R: Resolver> CheckResolver<R> {
    /// The same cache, for queries that may wait: when slots are scarce,
    /// every other waiting query goes first (the DKIM selector probes,
    /// which are many and on no other lookup's path).
    pub fn background(&self) -> Background<'_, R> {
        Background(self)
    }
}

/// See [`CheckResolver::background`].
pub struct Background<'a, R>(&'a CheckResolver<R>);

impl<R: Resolver> Resolver for Background<'_, R> {
    fn query(&self, name: &str, record_type: RecordType) -> impl Future<Output = Answer> {
        self.0.ask(name, record_type, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::join::{block_on, join_all};
    use crate::dns::MemoryResolver;
    use std::cell::Cell;

    /// A resolver that counts the queries it sees and how many overlap,
    /// answering each after being polled a few times.
    struct Slow {
        inner: MemoryResolver,
        asked: Cell<usize>,
        now: Cell<usize>,
        most: Cell<usize>,
    }

    impl Resolver for Slow {
        fn query(&self, name: &str, record_type: RecordType) -> impl Future<Output = Answer> {
            self.asked.set(self.asked.get() + 1);
            self.now.set(self.now.get() + 1);
            self.most.set(self.most.get().max(self.now.get()));
            let answer = self.inner.lookup(name, record_type);
            let mut left = 3;
            poll_fn(move |cx| {
                if left == 0 {
                    self.now.set(self.now.get() - 1);
                    Poll::Ready(answer.clone())
                } else {
                    left -= 1;
                    cx.waker().wake_by_ref();
                    Poll::Pending
                }
            })
        }
    }

    /// Records the order in which queries reach the resolver underneath.
    struct Order<'a>(&'a Slow, RefCell<Vec<String>>);

    impl Resolver for Order<'_> {
        fn query(&self, name: &str, record_type: RecordType) -> impl Future<Output = Answer> {
            self.1.borrow_mut().push(name.to_string());
            self.0.query(name, record_type)
        }
    }

    #[test]
    fn a_query_dropped_on_its_way_lets_those_waiting_for_it_ask_again() {
        let mut zone = MemoryResolver::new();
        zone.add_txt("example.com", "v=spf1 -all");
        let slow = Slow { inner: zone, asked: Cell::new(0), now: Cell::new(0), most: Cell::new(0) };
        let resolver = CheckResolver::with_concurrency(&slow, 1);
        let mut first = Box::pin(resolver.query("example.com", RecordType::Txt));
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        assert!(first.as_mut().poll(&mut cx).is_pending());
        let mut second = Box::pin(resolver.query("example.com", RecordType::Txt));
        assert!(second.as_mut().poll(&mut cx).is_pending(), "waiting for the first query's answer");
        drop(first);
        assert_eq!(block_on(second).records().len(), 1);
        assert_eq!(resolver.progress(), (1, 1));
    }

    #[test]
    fn background_queries_let_the_others_go_first() {
        let slow =
            Slow { inner: MemoryResolver::new(), asked: Cell::new(0), now: Cell::new(0), most: Cell::new(0) };
        let order = Order(&slow, RefCell::new(Vec::new()));
        let resolver = CheckResolver::with_concurrency(&order, 1);
        let background = resolver.background();
        let asks: Vec<crate::check::join::BoxFuture<'_, Answer>> = vec![
            Box::pin(background.query("bg1.example", RecordType::Txt)),
            Box::pin(background.query("bg2.example", RecordType::Txt)),
            Box::pin(background.query("bg3.example", RecordType::Txt)),
            Box::pin(resolver.query("spf.example", RecordType::Txt)),
        ];
        block_on(join_all(asks));
        assert_eq!(*order.1.borrow(), ["bg1.example", "spf.example", "bg2.example", "bg3.example"]);
    }

    #[test]
    fn each_name_is_asked_once_and_at_most_the_limit_at_a_time() {
        let mut zone = MemoryResolver::new();
        zone.add_txt("example.com", "v=spf1 -all");
        let slow = Slow { inner: zone, asked: Cell::new(0), now: Cell::new(0), most: Cell::new(0) };
        let resolver = CheckResolver::with_concurrency(&slow, 2);
        let names: Vec<String> = (0..6).map(|i| format!("n{i}.example.com")).collect();
        let asks = names
            .iter()
            .map(String::as_str)
            .chain(["example.com", "EXAMPLE.com.", "example.com"])
            .map(|n| resolver.query(n, RecordType::Txt));
        let answers = block_on(join_all(asks));
        assert_eq!(answers.len(), 9);
        assert_eq!(answers[6].records().len(), 1);
        assert_eq!(answers[7], answers[6]);
        assert_eq!(answers[0], Answer::NxDomain);
        assert_eq!(slow.asked.get(), 7, "six names and example.com once");
        assert_eq!(resolver.query_count(), 7);
        assert!(slow.most.get() <= 2, "at most 2 in flight, saw {}", slow.most.get());
        // Asked again later: from the cache.
        block_on(resolver.query("example.com", RecordType::Txt));
        assert_eq!(slow.asked.get(), 7);
    }
}
