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

/// Frozen weights for prediction. Features are keyed by the low 32 bits of
/// their hash: with a few hundred thousand features, a feature the model does
/// not know meets a known key about once in ten thousand lookups.
pub struct Weights {
    classes: usize,
    index: HashMap<u32, (u32, u32), IdBuild>,
    class_of: Vec<u16>,
    weight: Vec<f32>,
}

const MAGIC: &[u8; 8] = b"DMPERC02";

#[inline]
fn short(f: u64) -> u32 {
    f as u32
}

impl Weights {
    fn from_rows(classes: usize, rows: Vec<(u32, Vec<(u16, f32)>)>) -> Self {
        let mut index = HashMap::with_capacity_and_hasher(rows.len(), IdBuild::default());
        let mut class_of = Vec::new();
        let mut weight = Vec::new();
        for (f, row) in rows {
            if index.contains_key(&f) {
                continue;
            }
            let start = class_of.len() as u32;
            for (c, w) in row {
                class_of.push(c);
                weight.push(w);
            }
            index.insert(f, (start, class_of.len() as u32));
        }
        Weights {
            classes,
            index,
            class_of,
            weight,
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Weights that score every class 0 (a model that was not loaded).
    pub fn empty(classes: usize) -> Self {
        Self::from_rows(classes, Vec::new())
    }

    /// A copy without the weights of magnitude below `min_weight`.
    pub fn pruned(&self, min_weight: f32) -> Weights {
        let mut rows: Vec<(u32, Vec<(u16, f32)>)> = self
            .index
            .iter()
            .map(|(&f, &(a, b))| {
                let row = (a as usize..b as usize)
                    .map(|i| (self.class_of[i], self.weight[i]))
                    .filter(|(_, w)| w.abs() >= min_weight)
                    .collect();
                (f, row)
            })
            .filter(|(_, row): &(u32, Vec<(u16, f32)>)| !row.is_empty())
            .collect();
        rows.sort_by_key(|(f, _)| *f);
        Self::from_rows(self.classes, rows)
    }

    pub fn features(&self) -> usize {
        self.index.len()
    }

    pub fn entries(&self) -> usize {
        self.weight.len()
    }

    #[inline]
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in features {
            if let Some(&(a, b)) = self.index.get(&short(*f)) {
                let (a, b) = (a as usize, b as usize);
                for (c, w) in self.class_of[a..b].iter().zip(&self.weight[a..b]) {
                    scores[*c as usize] += w;
                }
            }
        }
    }

    /// Writes the weights: a header (magic, classes, features, scale), then per
    /// feature in key order the key's distance from the previous key (LEB128),
    /// the number of entries, and each entry's class (one byte) and weight (a
    /// 16-bit integer on one scale: the largest magnitude is 32767).
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let max = self
            .weight
            .iter()
            .fold(0f32, |m, w| m.max(w.abs()))
            .max(1e-9);
        let scale = max / 32767.0;
        out.write_all(MAGIC)?;
        out.write_all(&(self.classes as u32).to_le_bytes())?;
        out.write_all(&(self.index.len() as u32).to_le_bytes())?;
        out.write_all(&scale.to_le_bytes())?;
        let mut rows: Vec<(&u32, &(u32, u32))> = self.index.iter().collect();
        rows.sort();
        let mut previous = 0u32;
        let mut buf = Vec::with_capacity(64);
        for (f, &(a, b)) in rows {
            buf.clear();
            let mut delta = f - previous;
            previous = *f;
            loop {
                let byte = (delta & 0x7f) as u8;
                delta >>= 7;
                if delta == 0 {
                    buf.push(byte);
                    break;
                }
                buf.push(byte | 0x80);
            }
            buf.push((b - a) as u8);
            for i in a as usize..b as usize {
                buf.push(self.class_of[i] as u8);
                let q = (self.weight[i] / scale).round().clamp(-32767.0, 32767.0) as i16;
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
        let mut index = HashMap::with_capacity_and_hasher(n, IdBuild::default());
        let mut class_of = Vec::with_capacity(n * 3);
        let mut weight = Vec::with_capacity(n * 3);
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
            let start = class_of.len() as u32;
            for j in 0..k {
                let p = at + 3 * j;
                let c = bytes[p] as u16;
                if c as usize >= classes {
                    return Err(bad("class out of range"));
                }
                class_of.push(c);
                weight.push(i16::from_le_bytes([bytes[p + 1], bytes[p + 2]]) as f32 * scale);
            }
            at += 3 * k;
            index.insert(key, (start, class_of.len() as u32));
        }
        Ok(Weights {
            classes,
            index,
            class_of,
            weight,
        })
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
                let feats = [100, c];
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
        for c in 0..3u64 {
            w.score(&[100, c], &mut scores);
            assert_eq!(argmax(&scores), c as usize);
        }
        assert!(Weights::read(&mut &b"nonsense"[..]).is_err());
    }

    fn argmax(s: &[f32]) -> usize {
        (0..s.len()).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap()
    }
}
