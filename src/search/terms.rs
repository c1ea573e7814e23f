//! A record's terms, counted per field: what BM25F scores.
//!
//! A record is counted as soon as it is built (`Record::seal`), so the text of its fields is
//! never held for the whole site at once, and the counts are compact: each distinct term once in
//! one string, with its frequency in each field. Kubernetes' long descriptions made the former
//! shape (a `String` per occurrence, then per distinct term and field) a quarter of the index's
//! time and most of its memory.

use super::records::Field;
use super::tokenize::{index_terms_into, TermList};

/// Terms of one record, sorted by term then field, with their frequencies; and the length of
/// each field in terms (BM25 normalises by it).
#[derive(Debug, Clone, Default)]
pub struct Counted {
    /// Every distinct term, one after the other.
    text: String,
    /// (start, end) of the term in `text`, field, frequency in that field.
    terms: Vec<(u32, u32, Field, u32)>,
    pub lengths: [usize; Field::COUNT],
    pub present: [bool; Field::COUNT],
}

impl Counted {
    /// Count the terms of `fields`. `Route` and `Whole` fields are one term each, as written.
    pub fn of(fields: Vec<(Field, String)>) -> Counted {
        let mut lengths = [0usize; Field::COUNT];
        let mut present = [false; Field::COUNT];
        let mut list = TermList::default();
        let mut fields_of: Vec<Field> = Vec::new();
        for (field, text) in fields {
            let before = list.len();
            if matches!(field, Field::Route | Field::Whole) {
                list.push(&text);
            } else {
                index_terms_into(&text, &mut list);
            }
            lengths[field as usize] += list.len() - before;
            present[field as usize] = true;
            fields_of.resize(list.len(), field);
        }
        let mut occurrences: Vec<(&str, Field)> =
            list.iter().zip(fields_of.iter().copied()).collect();
        occurrences.sort_unstable_by(|a, b| (a.0, a.1 as usize).cmp(&(b.0, b.1 as usize)));
        let mut counted = Counted {
            lengths,
            present,
            ..Counted::default()
        };
        let mut last: Option<&str> = None;
        for (term, field) in occurrences {
            if last == Some(term) {
                match counted.terms.last_mut() {
                    Some((_, _, last_field, tf)) if *last_field == field => {
                        *tf += 1;
                        continue;
                    }
                    Some(&mut (start, end, _, _)) => {
                        counted.terms.push((start, end, field, 1));
                        continue;
                    }
                    None => {}
                }
            }
            let start = counted.text.len() as u32;
            counted.text.push_str(term);
            counted
                .terms
                .push((start, counted.text.len() as u32, field, 1));
            last = Some(term);
        }
        counted.text.shrink_to_fit();
        counted.terms.shrink_to_fit();
        counted
    }

    /// Each (term, field, frequency), sorted by term then field.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Field, u32)> {
        self.terms
            .iter()
            .map(|&(start, end, field, tf)| (&self.text[start as usize..end as usize], field, tf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_counted_once_per_field_in_term_order() {
        let counted = Counted::of(vec![
            (Field::Title, "Create subscriptions".to_string()),
            (
                Field::Body,
                "A subscription renews; subscriptions renew.".to_string(),
            ),
            (Field::Whole, "=create subscription".to_string()),
            (Field::Keyword, String::new()),
        ]);
        let terms: Vec<(&str, Field, u32)> = counted.iter().collect();
        assert_eq!(
            terms,
            [
                ("=create subscription", Field::Whole, 1),
                ("create", Field::Title, 1),
                ("renew", Field::Body, 2),
                ("subscription", Field::Title, 1),
                ("subscription", Field::Body, 2),
            ]
        );
        assert_eq!(counted.lengths[Field::Title as usize], 2);
        assert_eq!(counted.lengths[Field::Body as usize], 4);
        assert_eq!(counted.lengths[Field::Whole as usize], 1);
        assert!(counted.present[Field::Keyword as usize]);
        assert_eq!(counted.lengths[Field::Keyword as usize], 0);
        assert!(!counted.present[Field::Path as usize]);
    }
}
