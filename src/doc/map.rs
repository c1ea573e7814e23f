//! `Map`: an object of a parsed spec, its members in document order.
//!
//! Nearly every object of a spec holds a handful of keywords. serde_json's ordered map gives
//! each of them a hash table besides its entries (and 104 bytes per member); here an object of
//! fewer than [`SMALL`] members is a plain list, scanned on lookup (a scan of sixteen short keys
//! costs less than one SipHash of the key: callgrind on GitHub's spec, when `keys.rs` scanned
//! serde_json's maps), and only a bigger one (`paths`, `components/schemas`, a wide schema's
//! `properties`) is an `IndexMap`.
//!
//! It behaves as `serde_json::Map` with `preserve_order`: `insert` of a key already present
//! keeps its place and replaces its value, `remove` is `swap_remove`, equality ignores order.

use std::borrow::Borrow;

use indexmap::IndexMap;

use super::str::Str;
use super::Value;

/// Objects with fewer members than this are a list.
pub const SMALL: usize = 16;

#[derive(Clone, Default)]
pub struct Map(Repr);

#[derive(Clone)]
enum Repr {
    Small(Vec<(Str, Value)>),
    Big(Box<IndexMap<Str, Value>>),
}

impl Default for Repr {
    fn default() -> Repr {
        Repr::Small(Vec::new())
    }
}

impl Map {
    pub fn new() -> Map {
        Map::default()
    }

    pub fn with_capacity(capacity: usize) -> Map {
        if capacity < SMALL {
            Map(Repr::Small(Vec::with_capacity(capacity)))
        } else {
            Map(Repr::Big(Box::new(IndexMap::with_capacity(capacity))))
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Small(members) => members.len(),
            Repr::Big(map) => map.len(),
        }
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline]
    fn position(&self, key: &str) -> Option<usize> {
        match &self.0 {
            Repr::Small(members) => members.iter().position(|(k, _)| k.as_str() == key),
            Repr::Big(map) => map.get_index_of(key),
        }
    }

    #[inline]
    pub fn get<Q: Borrow<str> + ?Sized>(&self, key: &Q) -> Option<&Value> {
        let key = key.borrow();
        match &self.0 {
            Repr::Small(members) => members
                .iter()
                .find_map(|(k, v)| (k.as_str() == key).then_some(v)),
            Repr::Big(map) => map.get(key),
        }
    }

    pub fn get_mut<Q: Borrow<str> + ?Sized>(&mut self, key: &Q) -> Option<&mut Value> {
        let key = key.borrow();
        match &mut self.0 {
            Repr::Small(members) => members
                .iter_mut()
                .find_map(|(k, v)| (k.as_str() == key).then_some(v)),
            Repr::Big(map) => map.get_mut(key),
        }
    }

    pub fn contains_key<Q: Borrow<str> + ?Sized>(&self, key: &Q) -> bool {
        self.position(key.borrow()).is_some()
    }

    pub fn get_index(&self, i: usize) -> Option<(&Str, &Value)> {
        match &self.0 {
            Repr::Small(members) => members.get(i).map(|(k, v)| (k, v)),
            Repr::Big(map) => map.get_index(i),
        }
    }

    fn get_index_mut(&mut self, i: usize) -> Option<&mut Value> {
        match &mut self.0 {
            Repr::Small(members) => members.get_mut(i).map(|(_, v)| v),
            Repr::Big(map) => map.get_index_mut(i).map(|(_, v)| v),
        }
    }

    /// Inserts a member at the end, or replaces the value of the key in its place.
    pub fn insert(&mut self, key: impl Into<Str>, value: Value) -> Option<Value> {
        let key = key.into();
        match &mut self.0 {
            Repr::Small(members) => {
                if let Some((_, v)) = members.iter_mut().find(|(k, _)| *k == key) {
                    return Some(std::mem::replace(v, value));
                }
                if members.len() + 1 < SMALL {
                    members.push((key, value));
                } else {
                    let mut map = IndexMap::with_capacity(members.len() + 1);
                    map.extend(members.drain(..));
                    map.insert(key, value);
                    self.0 = Repr::Big(Box::new(map));
                }
                None
            }
            Repr::Big(map) => map.insert(key, value),
        }
    }

    /// Removes a member, moving the last one into its place (as serde_json's `remove`).
    pub fn remove<Q: Borrow<str> + ?Sized>(&mut self, key: &Q) -> Option<Value> {
        self.swap_remove(key)
    }

    pub fn swap_remove<Q: Borrow<str> + ?Sized>(&mut self, key: &Q) -> Option<Value> {
        let key = key.borrow();
        match &mut self.0 {
            Repr::Small(members) => {
                let i = members.iter().position(|(k, _)| k.as_str() == key)?;
                Some(members.swap_remove(i).1)
            }
            Repr::Big(map) => map.swap_remove(key),
        }
    }

    /// Removes a member, keeping the others in their order.
    pub fn shift_remove<Q: Borrow<str> + ?Sized>(&mut self, key: &Q) -> Option<Value> {
        self.shift_remove_entry(key).map(|(_, v)| v)
    }

    pub fn shift_remove_entry<Q: Borrow<str> + ?Sized>(&mut self, key: &Q) -> Option<(Str, Value)> {
        let key = key.borrow();
        match &mut self.0 {
            Repr::Small(members) => {
                let i = members.iter().position(|(k, _)| k.as_str() == key)?;
                Some(members.remove(i))
            }
            Repr::Big(map) => map.shift_remove_entry(key),
        }
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&Str, &mut Value) -> bool) {
        match &mut self.0 {
            Repr::Small(members) => members.retain_mut(|(k, v)| keep(k, v)),
            Repr::Big(map) => map.retain(|k, v| keep(k, v)),
        }
    }

    pub fn clear(&mut self) {
        self.0 = Repr::default();
    }

    pub fn entry(&mut self, key: impl Into<Str>) -> Entry<'_> {
        let key = key.into();
        match self.position(&key) {
            Some(index) => Entry::Occupied(OccupiedEntry { map: self, index }),
            None => Entry::Vacant(VacantEntry { map: self, key }),
        }
    }

    pub fn append(&mut self, other: &mut Map) {
        for (k, v) in std::mem::take(other) {
            self.insert(k, v);
        }
    }

    #[inline]
    pub fn iter(&self) -> Iter<'_> {
        match &self.0 {
            Repr::Small(members) => Iter::Small(members.iter()),
            Repr::Big(map) => Iter::Big(map.iter()),
        }
    }

    pub fn iter_mut(&mut self) -> IterMut<'_> {
        match &mut self.0 {
            Repr::Small(members) => IterMut::Small(members.iter_mut()),
            Repr::Big(map) => IterMut::Big(map.iter_mut()),
        }
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &Str> + ExactSizeIterator + Clone {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Value> + ExactSizeIterator + Clone {
        self.iter().map(|(_, v)| v)
    }

    pub fn values_mut(
        &mut self,
    ) -> impl DoubleEndedIterator<Item = &mut Value> + ExactSizeIterator {
        self.iter_mut().map(|(_, v)| v)
    }

    pub fn into_values(self) -> impl DoubleEndedIterator<Item = Value> + ExactSizeIterator {
        self.into_iter().map(|(_, v)| v)
    }
}

impl PartialEq for Map {
    /// Equal when they hold the same keys with equal values, in any order (as serde_json's).
    fn eq(&self, other: &Map) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k.as_str()) == Some(v))
    }
}

impl std::fmt::Debug for Map {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Into<Str>> FromIterator<(K, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(iter: I) -> Map {
        let iter = iter.into_iter();
        let mut map = Map::with_capacity(iter.size_hint().0);
        map.extend(iter);
        map
    }
}

impl<K: Into<Str>> Extend<(K, Value)> for Map {
    fn extend<I: IntoIterator<Item = (K, Value)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<Q: Borrow<str> + ?Sized> std::ops::Index<&Q> for Map {
    type Output = Value;
    fn index(&self, key: &Q) -> &Value {
        self.get(key).expect("no entry found for key")
    }
}

impl<Q: Borrow<str> + ?Sized> std::ops::IndexMut<&Q> for Map {
    fn index_mut(&mut self, key: &Q) -> &mut Value {
        self.get_mut(key).expect("no entry found for key")
    }
}

pub enum Entry<'a> {
    Occupied(OccupiedEntry<'a>),
    Vacant(VacantEntry<'a>),
}

pub struct OccupiedEntry<'a> {
    map: &'a mut Map,
    index: usize,
}

pub struct VacantEntry<'a> {
    map: &'a mut Map,
    key: Str,
}

impl<'a> Entry<'a> {
    pub fn or_insert(self, default: Value) -> &'a mut Value {
        self.or_insert_with(|| default)
    }

    pub fn or_insert_with(self, default: impl FnOnce() -> Value) -> &'a mut Value {
        match self {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => entry.insert(default()),
        }
    }

    pub fn or_default(self) -> &'a mut Value {
        self.or_insert_with(Value::default)
    }
}

impl<'a> OccupiedEntry<'a> {
    pub fn get(&self) -> &Value {
        self.map.get_index(self.index).expect("occupied").1
    }

    pub fn get_mut(&mut self) -> &mut Value {
        self.map.get_index_mut(self.index).expect("occupied")
    }

    pub fn into_mut(self) -> &'a mut Value {
        self.map.get_index_mut(self.index).expect("occupied")
    }

    pub fn insert(&mut self, value: Value) -> Value {
        std::mem::replace(self.get_mut(), value)
    }
}

impl<'a> VacantEntry<'a> {
    pub fn insert(self, value: Value) -> &'a mut Value {
        let index = self.map.len();
        self.map.insert(self.key, value);
        self.map.get_index_mut(index).expect("just inserted")
    }
}

#[derive(Clone)]
pub enum Iter<'a> {
    Small(std::slice::Iter<'a, (Str, Value)>),
    Big(indexmap::map::Iter<'a, Str, Value>),
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Str, &'a Value);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Iter::Small(members) => members.next().map(|(k, v)| (k, v)),
            Iter::Big(members) => members.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.len();
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            Iter::Small(members) => members.next_back().map(|(k, v)| (k, v)),
            Iter::Big(members) => members.next_back(),
        }
    }
}

impl ExactSizeIterator for Iter<'_> {
    fn len(&self) -> usize {
        match self {
            Iter::Small(members) => members.len(),
            Iter::Big(members) => members.len(),
        }
    }
}

pub enum IterMut<'a> {
    Small(std::slice::IterMut<'a, (Str, Value)>),
    Big(indexmap::map::IterMut<'a, Str, Value>),
}

impl<'a> Iterator for IterMut<'a> {
    type Item = (&'a Str, &'a mut Value);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            IterMut::Small(members) => members.next().map(|(k, v)| (&*k, v)),
            IterMut::Big(members) => members.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.len();
        (n, Some(n))
    }
}

impl DoubleEndedIterator for IterMut<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            IterMut::Small(members) => members.next_back().map(|(k, v)| (&*k, v)),
            IterMut::Big(members) => members.next_back(),
        }
    }
}

impl ExactSizeIterator for IterMut<'_> {
    fn len(&self) -> usize {
        match self {
            IterMut::Small(members) => members.len(),
            IterMut::Big(members) => members.len(),
        }
    }
}

pub enum IntoIter {
    Small(std::vec::IntoIter<(Str, Value)>),
    Big(indexmap::map::IntoIter<Str, Value>),
}

impl Iterator for IntoIter {
    type Item = (Str, Value);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            IntoIter::Small(members) => members.next(),
            IntoIter::Big(members) => members.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.len();
        (n, Some(n))
    }
}

impl DoubleEndedIterator for IntoIter {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            IntoIter::Small(members) => members.next_back(),
            IntoIter::Big(members) => members.next_back(),
        }
    }
}

impl ExactSizeIterator for IntoIter {
    fn len(&self) -> usize {
        match self {
            IntoIter::Small(members) => members.len(),
            IntoIter::Big(members) => members.len(),
        }
    }
}

impl IntoIterator for Map {
    type Item = (Str, Value);
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        match self.0 {
            Repr::Small(members) => IntoIter::Small(members.into_iter()),
            Repr::Big(map) => IntoIter::Big(map.into_iter()),
        }
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a Str, &'a Value);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Map {
    type Item = (&'a Str, &'a mut Value);
    type IntoIter = IterMut<'a>;

    fn into_iter(self) -> IterMut<'a> {
        self.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_of(n: usize) -> Map {
        (0..n).map(|i| (format!("k{i}"), Value::from(i))).collect()
    }

    #[test]
    fn small_and_big_maps_keep_document_order_and_find_every_key() {
        for n in [0, 1, SMALL - 1, SMALL, 40] {
            let mut map = map_of(n);
            assert_eq!(map.len(), n);
            let keys: Vec<String> = map.keys().map(|k| k.to_string()).collect();
            let expected: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
            assert_eq!(keys, expected);
            for i in 0..n {
                assert_eq!(map.get(&format!("k{i}")), Some(&Value::from(i)));
            }
            assert_eq!(map.get("missing"), None);
            // A key inserted again keeps its place and takes the new value.
            if n > 0 {
                assert_eq!(map.insert("k0", Value::Null), Some(Value::from(0)));
                assert_eq!(map.get_index(0).map(|(k, _)| k.as_str()), Some("k0"));
                assert_eq!(map.len(), n);
            }
        }
    }

    #[test]
    fn removing_moves_the_last_member_or_shifts_the_rest() {
        for n in [5, 40] {
            let mut swapped = map_of(n);
            swapped.remove("k1");
            assert_eq!(
                swapped.get_index(1).map(|(k, _)| k.to_string()),
                Some(format!("k{}", n - 1))
            );
            let mut shifted = map_of(n);
            shifted.shift_remove("k1");
            assert_eq!(shifted.get_index(1).map(|(k, _)| k.as_str()), Some("k2"));
            assert_eq!(shifted.len(), n - 1);
        }
    }

    #[test]
    fn equality_ignores_order_as_serde_json_does() {
        let a: Map = [("a", Value::from(1)), ("b", Value::from(2))]
            .into_iter()
            .collect();
        let b: Map = [("b", Value::from(2)), ("a", Value::from(1))]
            .into_iter()
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, map_of(2));
    }

    #[test]
    fn entries_insert_once() {
        let mut map = map_of(3);
        *map.entry("k9").or_insert(Value::from(0)) = Value::from(9);
        map.entry("k9").or_insert(Value::Null);
        assert_eq!(map.get("k9"), Some(&Value::from(9)));
        assert_eq!(map.len(), 4);
    }
}
