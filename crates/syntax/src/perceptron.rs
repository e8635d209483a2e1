//! The averaged perceptron (Collins 2002) with sparse weights: each feature keeps
//! only the classes it was ever updated for. Training averages lazily; the frozen
//! [`Weights`] keep the averages, pruned and stored as 16-bit integers.

use std::collections::HashMap;
use std::io::{self, Read, Write};

use crate::hash::IdBuild;

#[derive(Clone, Copy)]
struct Entry {
    class: u16,
    weight: f32,
    total: f64,
    stamp: u64,
}

/// Weights while learning.
pub struct Trainer {
    classes: usize,
    features: HashMap<u64, Vec<Entry>, IdBuild>,
    /// Updates so far (the averaging clock).
    time: u64,
}

impl Trainer {
    pub fn new(classes: usize) -> Self {
        Trainer {
            classes,
            features: HashMap::default(),
            time: 0,
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Adds each feature's current weights into `scores` (one slot per class).
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in features {
            if let Some(entries) = self.features.get(f) {
                for e in entries {
                    scores[e.class as usize] += e.weight;
                }
            }
        }
    }

    /// One step of the clock; call once per decision, updated or not.
    pub fn tick(&mut self) {
        self.time += 1;
    }

    /// Moves weight from the guessed class to the true one.
    pub fn update(&mut self, truth: usize, guess: usize, features: &[u64]) {
        if truth == guess {
            return;
        }
        let time = self.time;
        for &f in features {
            let entries = self.features.entry(f).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let e = match entries.iter_mut().position(|e| e.class as usize == class) {
                    Some(i) => &mut entries[i],
                    None => {
                        entries.push(Entry {
                            class: class as u16,
                            weight: 0.0,
                            total: 0.0,
                            stamp: time,
                        });
                        entries.last_mut().unwrap()
                    }
                };
                e.total += (time - e.stamp) as f64 * e.weight as f64;
                e.stamp = time;
                e.weight += delta;
            }
        }
    }

    /// The averaged weights, keeping those of magnitude `min_weight` and more.
    pub fn finish(self, min_weight: f32) -> Weights {
        let time = self.time.max(1);
        let mut rows: Vec<(u32, Vec<(u16, f32)>)> = self
            .features
            .into_iter()
            .map(|(f, entries)| {
                let kept: Vec<(u16, f32)> = entries
                    .into_iter()
                    .map(|e| {
                        let total = e.total + (time - e.stamp) as f64 * e.weight as f64;
                        (e.class, (total / time as f64) as f32)
                    })
                    .filter(|(_, w)| w.abs() >= min_weight)
                    .collect();
                (short(f), kept)
            })
            .filter(|(_, kept)| !kept.is_empty())
            .collect();
        rows.sort_by_key(|(f, _)| *f);
        Weights::from_rows(self.classes, rows)
    }
}

/// Frozen weights for prediction, in an open-addressing table built for the
/// cache: each slot holds a feature's 32-bit key and up to three (class,
/// weight) pairs inline, so a lookup touches one cache line; features with more
/// entries keep them in a side array. Weights are 16-bit integers on one scale,
/// summed as integers. A feature the model does not know meets a known 32-bit
/// key about once in ten thousand lookups.
pub struct Weights {
    classes: usize,
    scale: f32,
    slots: Vec<Slot>,
    mask: usize,
    overflow: Vec<(u8, i16)>,
    /// Rows of features that weigh a large share of the classes, one weight per
    /// class: summed in a straight line the compiler vectorises, where scattered
    /// entries cost a bounds check and a dependent load each (the parser's
    /// commonest features weigh most of its 92 moves).
    dense: Vec<i16>,
    features: usize,
    entries: usize,
}

const INLINE: usize = 3;
/// `len` of a slot whose entries live in `overflow`.
const SPILLED: u8 = u8::MAX;
/// `len` of a slot whose entries live in `dense` (the start is in `weight[0..2]`).
const DENSE: u8 = u8::MAX - 1;

#[derive(Clone, Copy, Default)]
#[repr(C, align(16))]
struct Slot {
    /// 0 marks an empty slot (keys are never 0).
    key: u32,
    len: u8,
    class: [u8; INLINE],
    weight: [i16; INLINE],
    /// For a spilled feature: its entry count (the start is in `weight[0..2]`).
    spilled_len: u16,
}

const MAGIC: &[u8; 8] = b"DMPERC02";

#[inline]
fn short(f: u64) -> u32 {
    (f as u32).max(1)
}

/// Hints the processor to load `slot` into the cache.
#[inline(always)]
fn prefetch(slot: &Slot) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint and never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (slot as *const Slot).cast(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = slot;
}

#[inline]
fn home(key: u32, mask: usize) -> usize {
    (key.wrapping_mul(0x9E37_79B9) as usize) & mask
}

impl Weights {
    /// Builds the table from rows of (key, [(class, weight)]), quantising the
    /// weights on a scale where the largest magnitude is 32767.
    fn from_rows(classes: usize, rows: Vec<(u32, Vec<(u16, f32)>)>) -> Self {
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter().map(|(_, w)| w.abs()))
            .fold(0f32, f32::max)
            .max(1e-9);
        let scale = max / 32767.0;
        let quantised = rows
            .into_iter()
            .map(|(k, r)| {
                let r = r
                    .into_iter()
                    .map(|(c, w)| (c as u8, (w / scale).round().clamp(-32767.0, 32767.0) as i16))
                    .filter(|(_, q)| *q != 0)
                    .collect::<Vec<_>>();
                (k, r)
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        Self::from_quantised(classes, scale, quantised)
    }

    fn from_quantised(classes: usize, scale: f32, rows: Vec<(u32, Vec<(u8, i16)>)>) -> Self {
        let mut w = Self::with_capacity(classes, scale, rows.len());
        for (key, row) in rows {
            w.insert(key, &row);
        }
        w
    }

    fn with_capacity(classes: usize, scale: f32, features: usize) -> Self {
        // Load factor between 0.35 and 0.7: short probes, and a table no larger
        // than it needs to be.
        let size = (features * 10 / 7 + 1).next_power_of_two().max(16);
        Weights {
            classes,
            scale,
            slots: vec![Slot::default(); size],
            mask: size - 1,
            overflow: Vec::new(),
            dense: Vec::new(),
            features: 0,
            entries: 0,
        }
    }

    /// Adds a feature's entries; a key already present keeps its first entries.
    fn insert(&mut self, key: u32, row: &[(u8, i16)]) {
        let key = key.max(1);
        let mut i = home(key, self.mask);
        while self.slots[i].key != 0 && self.slots[i].key != key {
            i = (i + 1) & self.mask;
        }
        if self.slots[i].key == key || row.is_empty() {
            return;
        }
        let mut slot = Slot {
            key,
            ..Slot::default()
        };
        if row.len() <= INLINE {
            slot.len = row.len() as u8;
            for (j, (c, q)) in row.iter().enumerate() {
                slot.class[j] = *c;
                slot.weight[j] = *q;
            }
        } else if let Some(dense) = self.dense_row(row) {
            let start = self.dense.len() as u32;
            slot.len = DENSE;
            slot.weight[0] = (start & 0xffff) as u16 as i16;
            slot.weight[1] = (start >> 16) as u16 as i16;
            slot.spilled_len = row.len() as u16;
            self.dense.extend_from_slice(&dense);
        } else {
            let start = self.overflow.len() as u32;
            slot.len = SPILLED;
            slot.weight[0] = (start & 0xffff) as u16 as i16;
            slot.weight[1] = (start >> 16) as u16 as i16;
            slot.spilled_len = row.len() as u16;
            self.overflow.extend_from_slice(row);
        }
        self.entries += row.len();
        self.features += 1;
        self.slots[i] = slot;
    }

    /// A row as one weight per class, where it weighs a quarter of the classes
    /// or more and reads back the same: each class once, no weight 0.
    fn dense_row(&self, row: &[(u8, i16)]) -> Option<Vec<i16>> {
        if row.len() * 4 < self.classes {
            return None;
        }
        let mut dense = vec![0i16; self.classes];
        for &(c, q) in row {
            let slot = dense.get_mut(c as usize)?;
            if *slot != 0 || q == 0 {
                return None;
            }
            *slot = q;
        }
        Some(dense)
    }

    fn lookup(&self, key: u32) -> Option<&Slot> {
        let mut i = home(key, self.mask);
        loop {
            let s = &self.slots[i];
            if s.key == key {
                return Some(s);
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// A feature's entries, dequantised.
    fn row(&self, s: &Slot) -> Vec<(u8, i16)> {
        if s.len == DENSE {
            let start = (s.weight[0] as u16 as usize) | ((s.weight[1] as u16 as usize) << 16);
            self.dense[start..start + self.classes]
                .iter()
                .enumerate()
                .filter(|(_, q)| **q != 0)
                .map(|(c, q)| (c as u8, *q))
                .collect()
        } else if s.len == SPILLED {
            let start = (s.weight[0] as u16 as usize) | ((s.weight[1] as u16 as usize) << 16);
            self.overflow[start..start + s.spilled_len as usize].to_vec()
        } else {
            (0..s.len as usize)
                .map(|j| (s.class[j], s.weight[j]))
                .collect()
        }
    }

    fn rows(&self) -> Vec<(u32, Vec<(u8, i16)>)> {
        let mut rows: Vec<(u32, Vec<(u8, i16)>)> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.key, self.row(s)))
            .collect();
        rows.sort_by_key(|(k, _)| *k);
        rows
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Weights that score every class 0 (a model that was not loaded).
    pub fn empty(classes: usize) -> Self {
        Self::from_quantised(classes, 1.0, Vec::new())
    }

    /// A copy without the weights of magnitude below `min_weight`.
    pub fn pruned(&self, min_weight: f32) -> Weights {
        let min = (min_weight / self.scale).round() as i32;
        let rows = self
            .rows()
            .into_iter()
            .map(|(k, r)| {
                (
                    k,
                    r.into_iter()
                        .filter(|(_, q)| (*q as i32).abs() >= min.max(1))
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        Self::from_quantised(self.classes, self.scale, rows)
    }

    pub fn features(&self) -> usize {
        self.features
    }

    pub fn entries(&self) -> usize {
        self.entries
    }

    /// Sums each feature's weights into `scores` (one slot per class), as
    /// integers on the model's scale.
    #[inline]
    pub fn score(&self, features: &[u64], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        // The table is far larger than the cache: ask for every feature's slot
        // first, so the misses overlap instead of coming one after another.
        for f in features {
            prefetch(&self.slots[home(short(*f), self.mask)]);
        }
        for f in features {
            let Some(s) = self.lookup(short(*f)) else {
                continue;
            };
            if s.len == DENSE {
                let start = (s.weight[0] as u16 as usize) | ((s.weight[1] as u16 as usize) << 16);
                let row = &self.dense[start..start + self.classes];
                for (score, q) in scores.iter_mut().zip(row) {
                    *score += *q as i32;
                }
            } else if s.len == SPILLED {
                let start = (s.weight[0] as u16 as usize) | ((s.weight[1] as u16 as usize) << 16);
                for (c, q) in &self.overflow[start..start + s.spilled_len as usize] {
                    scores[*c as usize] += *q as i32;
                }
            } else {
                for j in 0..s.len as usize {
                    scores[s.class[j] as usize] += s.weight[j] as i32;
                }
            }
        }
    }

    /// Writes the weights: a header (magic, classes, features, scale), then per
    /// feature in key order the key's distance from the previous key (LEB128),
    /// the number of entries, and each entry's class (one byte) and weight (a
    /// 16-bit integer on the scale).
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(MAGIC)?;
        out.write_all(&(self.classes as u32).to_le_bytes())?;
        out.write_all(&(self.features as u32).to_le_bytes())?;
        out.write_all(&self.scale.to_le_bytes())?;
        let mut previous = 0u32;
        let mut buf = Vec::with_capacity(64);
        for (key, row) in self.rows() {
            buf.clear();
            let mut delta = key - previous;
            previous = key;
            loop {
                let byte = (delta & 0x7f) as u8;
                delta >>= 7;
                if delta == 0 {
                    buf.push(byte);
                    break;
                }
                buf.push(byte | 0x80);
            }
            buf.push(row.len().min(255) as u8);
            for (c, q) in row.iter().take(255) {
                buf.push(*c);
                buf.extend_from_slice(&q.to_le_bytes());
            }
            out.write_all(&buf)?;
        }
        Ok(())
    }

    pub fn read(input: &mut impl Read) -> io::Result<Self> {
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes)?;
        let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_string());
        if bytes.len() < 20 || &bytes[..8] != MAGIC {
            return Err(bad("not a demarche perceptron file"));
        }
        let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap());
        let classes = u32_at(8) as usize;
        let n = u32_at(12) as usize;
        let scale = f32::from_le_bytes(bytes[16..20].try_into().unwrap());
        if classes > 256 {
            return Err(bad("more than 256 classes"));
        }
        let mut at = 20;
        let mut w = Self::with_capacity(classes, scale, n);
        let mut row = Vec::with_capacity(16);
        let mut key = 0u32;
        for _ in 0..n {
            let mut delta = 0u32;
            let mut shift = 0;
            loop {
                let byte = *bytes.get(at).ok_or_else(|| bad("truncated"))?;
                at += 1;
                delta |= ((byte & 0x7f) as u32).checked_shl(shift).unwrap_or(0);
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
                if shift > 35 {
                    return Err(bad("bad key"));
                }
            }
            key = key.wrapping_add(delta);
            let k = *bytes.get(at).ok_or_else(|| bad("truncated"))? as usize;
            at += 1;
            if at + 3 * k > bytes.len() {
                return Err(bad("truncated"));
            }
            row.clear();
            for j in 0..k {
                let p = at + 3 * j;
                if bytes[p] as usize >= classes {
                    return Err(bad("class out of range"));
                }
                row.push((bytes[p], i16::from_le_bytes([bytes[p + 1], bytes[p + 2]])));
            }
            at += 3 * k;
            w.insert(key, &row);
        }
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_survives_a_round_trip() {
        // Class = which of three features fires; a bias feature fires always.
        let mut t = Trainer::new(3);
        let mut scores = vec![0.0; 3];
        for _ in 0..5 {
            for c in 0..3u64 {
                let feats = [1000, 10 + c];
                t.score(&feats, &mut scores);
                let guess = argmax(&scores);
                t.update(c as usize, guess, &feats);
                t.tick();
            }
        }
        let w = t.finish(0.0);
        let mut bytes = Vec::new();
        w.write(&mut bytes).unwrap();
        let w = Weights::read(&mut bytes.as_slice()).unwrap();
        let mut int_scores = vec![0i32; 3];
        for c in 0..3u64 {
            w.score(&[1000, 10 + c], &mut int_scores);
            let best = (0..3).max_by_key(|&i| int_scores[i]).unwrap();
            assert_eq!(best, c as usize);
        }
        // Many entries for one feature spill out of the slot and still count.
        let rows = vec![(7u32, (0..10u16).map(|c| (c, c as f32)).collect())];
        let w = Weights::from_rows(10, rows);
        let mut s10 = vec![0i32; 10];
        w.score(&[7], &mut s10);
        assert_eq!((0..10).max_by_key(|&i| s10[i]), Some(9));
        // A row over most classes is kept dense; one over few stays sparse: both
        // score as their entries say and survive a round trip.
        let rows = vec![
            (7u32, (0..40u16).map(|c| (c, c as f32 - 20.5)).collect()),
            (8u32, (0..5u16).map(|c| (c * 7, 1.0)).collect()),
        ];
        let w = Weights::from_rows(64, rows);
        let mut bytes = Vec::new();
        w.write(&mut bytes).unwrap();
        let back = Weights::read(&mut bytes.as_slice()).unwrap();
        assert_eq!(back.entries(), 45);
        let expect = |c: usize| {
            let dense = if c < 40 {
                (c as f32 - 20.5) / w.scale
            } else {
                0.0
            };
            let sparse = if c.is_multiple_of(7) && c < 35 {
                1.0 / w.scale
            } else {
                0.0
            };
            dense.round() as i32 + sparse.round() as i32
        };
        for weights in [&w, &back] {
            let mut s64 = vec![0i32; 64];
            weights.score(&[7, 8, 9], &mut s64);
            assert_eq!(s64, (0..64).map(expect).collect::<Vec<_>>());
        }
        assert!(Weights::read(&mut &b"nonsense"[..]).is_err());
    }

    fn argmax(s: &[f32]) -> usize {
        (0..s.len()).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap()
    }
}
