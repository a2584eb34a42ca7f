//! Sorting, compiled once.
//!
//! Every `slice::sort_by` call with its own closure or element type is a
//! new copy of the standard library's sort (about 3 KB of wasm each), and
//! the app had 33 of them: about 100 KB of its bundle. These functions sort
//! an index list with a single comparison type (`&mut dyn FnMut`), so the
//! sort itself is compiled once; what is generic is only a closure and a
//! permutation loop. Stable, like `slice::sort_by`.
//!
//! ```
//! let mut v = vec![("b", 2), ("a", 2), ("c", 1)];
//! dmarc_lens::order::sort_by_key(&mut v, |&(_, n)| n);
//! assert_eq!(v, [("c", 1), ("b", 2), ("a", 2)]);
//! ```

use std::cmp::Ordering;

/// The positions `0..len` in the order `cmp` gives (stable).
#[inline(never)]
fn indices(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Moves each `items[order[k]]` to position `k`, following the
/// permutation's cycles with swaps.
fn apply<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut here = start;
        while let Some(&from) = order.get(here) {
            if from == start {
                break;
            }
            items.swap(here, from);
            if let Some(slot) = order.get_mut(here) {
                *slot = here;
            }
            here = from;
        }
        if let Some(slot) = order.get_mut(here) {
            *slot = here;
        }
    }
}

/// Sorts `items` by `cmp`, stably.
pub fn sort_by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = {
        let view: &[T] = items;
        indices(view.len(), &mut |a, b| match (view.get(a), view.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        })
    };
    apply(items, order);
}

/// Sorts `items` by the key `key` gives, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order, stably.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// A map of `pairs`, the last value kept for a repeated key, like
/// `collect::<BTreeMap<_, _>>()`; which sorts its input first with another
/// copy of the standard library's sort, where inserting one by one needs
/// none.
pub fn map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> std::collections::BTreeMap<K, V> {
    let mut map = std::collections::BTreeMap::new();
    for (key, value) in pairs {
        map.insert(key, value);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_stays_stable() {
        // Every permutation of a small multiset, against slice::sort_by_key.
        let base = [3u8, 1, 2, 3, 0, 1];
        let mut seed = 0x9e37_79b9_u32;
        for _ in 0..500 {
            let mut v: Vec<(u8, usize)> = base.iter().enumerate().map(|(i, &k)| (k, i)).collect();
            for i in (1..v.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                v.swap(i, seed as usize % (i + 1));
            }
            let mut ours = v.clone();
            let mut theirs = v;
            sort_by_key(&mut ours, |&(k, _)| k);
            theirs.sort_by_key(|&(k, _)| k);
            assert_eq!(ours, theirs);
        }
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
        let mut words = vec!["pear", "apple", "fig"];
        sort(&mut words);
        assert_eq!(words, ["apple", "fig", "pear"]);
        sort_by(&mut words, |a, b| b.len().cmp(&a.len()));
        assert_eq!(words, ["apple", "pear", "fig"]);
    }
}
