//! Values made once and shared by every part of the model that would make the same one.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// Values by a key that says what they are made from (for the model: the part of the document
/// they are read from, as a `doc::ByText`, with whatever else the making depends on). Shared by
/// rayon's threads: a value is made outside the lock, so two threads may make the same one, and
/// the first kept is used.
#[derive(Debug)]
pub struct Shared<K, V> {
    made: Mutex<HashMap<K, Arc<V>>>,
}

impl<K, V> Default for Shared<K, V> {
    fn default() -> Self {
        Shared {
            made: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Hash + Eq, V> Shared<K, V> {
    /// The value kept for `key`, or the one `make` gives, kept from now on; `None` (nothing
    /// kept) when `make` gives none.
    pub fn get_or_make(&self, key: K, make: impl FnOnce() -> Option<V>) -> Option<Arc<V>> {
        let lock = || self.made.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(made) = lock().get(&key) {
            return Some(made.clone());
        }
        let made = Arc::new(make()?);
        Some(lock().entry(key).or_insert(made).clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_made_once_per_key() {
        let shared = Shared::<String, u32>::default();
        let mut made = 0;
        let mut make = |v: u32| {
            made += 1;
            Some(v)
        };
        let a = shared.get_or_make("a".into(), || make(1)).unwrap();
        let again = shared.get_or_make("a".into(), || make(2)).unwrap();
        assert!(Arc::ptr_eq(&a, &again));
        assert_eq!(*again, 1);
        assert_eq!(*shared.get_or_make("b".into(), || make(3)).unwrap(), 3);
        assert_eq!(shared.get_or_make("c".into(), || None::<u32>), None);
        assert_eq!(*shared.get_or_make("c".into(), || make(4)).unwrap(), 4);
        assert_eq!(made, 3);
    }
}
