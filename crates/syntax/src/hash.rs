//! Feature hashing: every feature is a 64-bit hash of its template and values,
//! so no feature string is ever built.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over the template number and each part (with a separator), then a
/// final mix so that nearby keys spread over the table.
#[derive(Clone, Copy)]
pub struct Feature(u64);

impl Feature {
    #[inline]
    pub fn new(template: u8) -> Self {
        Feature((0xcbf2_9ce4_8422_2325 ^ template as u64).wrapping_mul(0x100_0000_01b3))
    }

    #[inline]
    pub fn str(mut self, s: &str) -> Self {
        for b in s.bytes() {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
        self.0 = (self.0 ^ 0xff).wrapping_mul(0x100_0000_01b3);
        self
    }

    #[inline]
    pub fn num(mut self, n: u64) -> Self {
        self.0 = (self.0 ^ n).wrapping_mul(0x100_0000_01b3);
        self.0 = (self.0 ^ 0xfe).wrapping_mul(0x100_0000_01b3);
        self
    }

    #[inline]
    pub fn done(self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x
    }
}

/// The keys are hashes already: the map uses them as they are.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    /// A 32-bit key spread over 64 bits: the map reads the top bits too.
    fn write_u32(&mut self, n: u32) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub type IdBuild = BuildHasherDefault<IdHasher>;
