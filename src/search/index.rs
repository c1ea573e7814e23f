//! The inverted index and the files it is split into.
//!
//! Scores are computed here, once (BM25F over the record's fields), and stored per term and
//! record as a small integer; the browser only multiplies by the term's rarity and adds. The
//! index is cut into chunks of neighbouring terms, so a query downloads the chunk of each of its
//! terms and the few result records it shows, never the whole index. The files live in a folder
//! named after a hash of their content (`search/<version>/t12.json`), so a host can cache them
//! forever; only `search/index.json`, the chunk table, keeps its name.

use std::collections::HashMap;
use std::fmt::Write;
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;

use super::records::{Field, Record};
use super::terms::Counted;

/// Target size of a term chunk before compression. Smaller chunks mean fewer bytes per query
/// but more requests and a longer chunk table; see ARCHITECTURE.md for the measurements.
const TERM_CHUNK_BYTES: usize = 4 * 1024;
/// Records per file of the record store: results of one query tend to sit together (an API's
/// operations are stored in tag order), so a small file often serves several results.
const RECORDS_PER_FILE: usize = 6;
/// BM25 parameters: term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Scores are stored as integers 1..=127 of this unit; the bit 128 says the term is in the
/// record's title or identifier.
const SCORE_SCALE: f64 = 2.0;
const IN_TITLE: u8 = 128;

/// The index as files under `search/`, ready to write.
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    /// Number of records, for the rarity of a term.
    records: usize,
    /// Titles of the APIs, which records refer to by index.
    apis: &'a [String],
    /// Folder of this build's chunks under `search/`.
    build: String,
    /// Where each term chunk starts (`search/<build>/t<i>.json` holds the terms from
    /// `terms[i]` up to `terms[i + 1]`): the shortest string that sorts after the previous
    /// chunk's last term.
    terms: Vec<String>,
    /// Number of record files (`search/<build>/r<i>.json`).
    stores: usize,
    #[serde(rename = "perFile")]
    per_file: usize,
}

/// The index as records are added: each record's terms go into the postings, and what a
/// result shows into the record store, as soon as it is added, so that the terms of every
/// record are never held at once (Kubernetes: 11 MB of counted terms beside its pages).
#[derive(Default)]
pub struct Builder {
    /// Term → (record, frequency and field: see [`pack`]) for each field of each record it
    /// occurs in, in record order and, within a record, in field order: the order in which a
    /// record's scores are added up. Millions of short keys: FNV hashes them several times
    /// faster than the default SipHash, and the keys are our own terms, not an attacker's
    /// choice of collisions in a server. A term is allocated once, when it is first met.
    postings: HashMap<String, Vec<(u32, u32)>, BuildHasherDefault<Fnv>>,
    /// Per record: its length in terms of each field, whether it has the field, its prior.
    lengths: Vec<[usize; Field::COUNT]>,
    present: Vec<[bool; Field::COUNT]>,
    priors: Vec<f64>,
    /// Files of the record store, and the rows of the one being filled.
    stores: Vec<String>,
    open_store: String,
}

impl Builder {
    pub fn add(&mut self, mut record: Record) {
        let id = self.priors.len() as u32;
        let counted: Counted = std::mem::take(&mut record.terms);
        for (term, field, tf) in counted.iter() {
            let posting = (id, pack(tf, field));
            match self.postings.get_mut(term) {
                Some(list) => list.push(posting),
                None => {
                    self.postings.insert(term.to_string(), vec![posting]);
                }
            }
        }
        self.lengths.push(counted.lengths);
        self.present.push(counted.present);
        self.priors.push(record.kind.prior());
        // The same bytes as serialising the file's rows as one array.
        self.open_store
            .push(if self.open_store.is_empty() { '[' } else { ',' });
        self.open_store
            .push_str(&serde_json::to_string(&stored_record(&record)).unwrap_or_default());
        if (id as usize + 1) % RECORDS_PER_FILE == 0 {
            self.close_store();
        }
    }

    fn close_store(&mut self) {
        if !self.open_store.is_empty() {
            self.open_store.push(']');
            self.stores.push(std::mem::take(&mut self.open_store));
        }
    }

    pub fn finish(mut self, api_titles: &[String]) -> IndexFiles {
        self.close_store();
        let records = self.priors.len();
        let averages = average_lengths(&self.lengths, &self.present);
        let mut terms: Vec<(String, Vec<(u32, u32)>)> = self.postings.into_iter().collect();
        // In UTF-16 order, which is how the browser compares strings when it looks a term up.
        terms.sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        // Each term is scored as its chunk is written, and its postings dropped then.
        let chunks = term_chunks(terms, |list| {
            scores(list, &self.lengths, &averages, &self.priors)
        });
        let stores = self.stores;
        let mut hash = Fnv::new();
        for text in chunks.iter().map(|c| &c.json).chain(&stores) {
            hash.write(text.as_bytes());
        }
        let build = hash.hex();
        let meta = Meta {
            version: 1,
            records,
            apis: api_titles,
            build: build.clone(),
            terms: chunks.iter().map(|c| c.boundary.clone()).collect(),
            stores: stores.len(),
            per_file: RECORDS_PER_FILE,
        };
        let mut files = Vec::with_capacity(chunks.len() + stores.len() + 1);
        files.push((
            "search/index.json".to_string(),
            serde_json::to_vec(&meta).unwrap_or_default(),
        ));
        for (i, chunk) in chunks.into_iter().enumerate() {
            files.push((format!("search/{build}/t{i}.json"), chunk.json.into_bytes()));
        }
        for (i, store) in stores.into_iter().enumerate() {
            files.push((format!("search/{build}/r{i}.json"), store.into_bytes()));
        }
        IndexFiles { files }
    }
}

/// A term's frequency in a field and the field, in 32 bits: Kubernetes' index holds 350,000
/// postings while its pages render, 12 bytes each unpacked. A frequency beyond 2^28 (a field
/// of over 500 MB) counts as 2^28 - 1, which scores the same.
fn pack(tf: u32, field: Field) -> u32 {
    (tf.min((1 << 28) - 1) << 4) | field as u32
}

fn unpack(packed: u32) -> (u32, Field) {
    (packed >> 4, Field::ALL[(packed & 0xf) as usize])
}

/// Average length in terms of each field, over the records that have it.
fn average_lengths(
    lengths: &[[usize; Field::COUNT]],
    present: &[[bool; Field::COUNT]],
) -> [f64; Field::COUNT] {
    let mut sums = [0usize; Field::COUNT];
    let mut counts = [0usize; Field::COUNT];
    for (lengths, present) in lengths.iter().zip(present) {
        for f in 0..Field::COUNT {
            sums[f] += lengths[f];
            counts[f] += usize::from(present[f]);
        }
    }
    std::array::from_fn(|f| (sums[f] as f64 / counts[f].max(1) as f64).max(1.0))
}

/// BM25F: per field, a saturating term frequency normalised by the field's length, weighted;
/// a term's scores in the fields of a record are added up, in field order. One stored score
/// per record of `list` (a term's postings, in record order).
fn scores(
    list: &[(u32, u32)],
    lengths: &[[usize; Field::COUNT]],
    averages: &[f64; Field::COUNT],
    priors: &[f64],
) -> Vec<(u32, u8)> {
    let weight = |record: u32, field: Field, tf: u32| {
        let tf = f64::from(tf);
        let norm = lengths[record as usize][field as usize] as f64 / averages[field as usize];
        field.weight() * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * norm))
    };
    let finish = |(record, score, in_title): (u32, f64, bool)| {
        let stored = (score * priors[record as usize] * SCORE_SCALE)
            .round()
            .clamp(1.0, 127.0) as u8;
        (record, stored | if in_title { IN_TITLE } else { 0 })
    };
    let mut out = Vec::new();
    let mut current: Option<(u32, f64, bool)> = None;
    for &(record, packed) in list {
        let (tf, field) = unpack(packed);
        match &mut current {
            Some((last, score, in_title)) if *last == record => {
                *score += weight(record, field, tf);
                *in_title |= field.is_title();
            }
            _ => {
                if let Some(done) = current.take() {
                    out.push(finish(done));
                }
                current = Some((record, weight(record, field, tf), field.is_title()));
            }
        }
    }
    if let Some(done) = current {
        out.push(finish(done));
    }
    out
}

struct Chunk {
    /// The shortest prefix of the chunk's first term that sorts after the previous chunk's
    /// last term: enough for the browser to find the chunk of any term.
    boundary: String,
    json: String,
}

/// Cut the sorted terms into chunks of about `TERM_CHUNK_BYTES`, each term's postings turned
/// into stored scores by `score`. Each chunk is a JSON object `{"term": [record, score, gap,
/// score, ...]}`: record numbers as gaps from the previous one, which keeps the numbers small
/// and compresses well.
fn term_chunks(
    terms: Vec<(String, Vec<(u32, u32)>)>,
    score: impl Fn(&[(u32, u32)]) -> Vec<(u32, u8)>,
) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut json = String::new();
    let mut boundary = String::new();
    let mut previous_term: Option<String> = None;
    for (term, list) in terms {
        let postings = score(&list);
        drop(list);
        if json.is_empty() {
            json.push('{');
            boundary = match &previous_term {
                Some(previous) => shortest_after(previous, &term),
                None => String::new(),
            };
        } else {
            json.push(',');
        }
        json.push_str(&serde_json::to_string(&term).unwrap_or_default());
        json.push_str(":[");
        let mut previous = 0;
        for (i, (record, score)) in postings.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            let _ = write!(json, "{},{score}", record - previous);
            previous = *record;
        }
        json.push(']');
        previous_term = Some(term);
        if json.len() >= TERM_CHUNK_BYTES {
            json.push('}');
            chunks.push(Chunk {
                boundary: std::mem::take(&mut boundary),
                json: std::mem::take(&mut json),
            });
        }
    }
    if !json.is_empty() {
        json.push('}');
        chunks.push(Chunk { boundary, json });
    }
    chunks
}

/// The shortest prefix of `next` that sorts after `previous` (in UTF-16 order, as the
/// browser compares).
fn shortest_after(previous: &str, next: &str) -> String {
    let mut prefix = String::new();
    for c in next.chars() {
        prefix.push(c);
        if prefix.encode_utf16().cmp(previous.encode_utf16()) == std::cmp::Ordering::Greater {
            break;
        }
    }
    prefix
}

/// What a result shows: `[kind, title, url, api, method, subtitle, excerpt]`, with `-1` and
/// empty strings for what a kind does not have.
fn stored_record(record: &Record) -> serde_json::Value {
    serde_json::json!([
        record.kind.code(),
        record.title,
        record.url,
        record.api.map_or(-1, |a| a as i64),
        record.method.as_deref().unwrap_or(""),
        record.subtitle.as_deref().unwrap_or(""),
        record.excerpt,
    ])
}

/// FNV-1a, 64 bits: enough to tell versions of the index apart for caching, and a fast hash
/// for the map of short terms.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn hex(&self) -> String {
        format!("{:012x}", self.0 >> 16)
    }
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frequency_and_its_field_are_packed_and_unpacked() {
        for (i, field) in Field::ALL.into_iter().enumerate() {
            assert_eq!(field as usize, i);
            for tf in [1, 2, 1000, (1 << 28) - 1] {
                assert_eq!(unpack(pack(tf, field)), (tf, field));
            }
            assert_eq!(unpack(pack(u32::MAX, field)), ((1 << 28) - 1, field));
        }
    }

    #[test]
    fn chunk_boundaries_are_the_shortest_prefix_after_the_previous_term() {
        assert_eq!(shortest_after("customer", "customerid"), "customeri");
        assert_eq!(shortest_after("apple", "banana"), "b");
        assert_eq!(shortest_after("ab", "abc"), "abc");
    }
}
