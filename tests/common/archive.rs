//! gzip and zip files built at run time for the tests that read bombs and
//! hostile archives (`tests/unpack_corpus.rs`, `tests/hostile.rs`).

/// CRC-32 (IEEE), as gzip and zip store it.
pub fn crc32(data: &[u8]) -> u32 {
    let table: Vec<u32> = (0..256u32)
        .map(|n| (0..8).fold(n, |c, _| if c & 1 == 1 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 }))
        .collect();
    !data.iter().fold(!0u32, |crc, &b| table[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8))
}

/// Raw deflate at the best compression.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(data, 10)
}

/// One gzip member holding `data`.
pub fn gz(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    out.extend(deflate(data));
    out.extend(crc32(data).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out
}

/// A zip archive written member by member, then [`Zip::finish`]ed with its
/// central directory.
#[derive(Default)]
pub struct Zip {
    out: Vec<u8>,
    central: Vec<u8>,
    count: usize,
}

impl Zip {
    /// Adds a member named `name` of `size` bytes stored as `packed` with
    /// `method` (8 deflate, 0 stored). When `local` is false, no local entry
    /// is written and the directory entry points at the first one (members
    /// that overlap).
    pub fn add(&mut self, name: &str, size: usize, packed: &[u8], method: u16, crc: u32, local: bool) {
        let offset = if local { self.out.len() as u32 } else { 0 };
        let mut common = Vec::new();
        common.extend(0u16.to_le_bytes()); // flags
        common.extend(method.to_le_bytes());
        common.extend([0u8; 4]); // time, date
        common.extend(crc.to_le_bytes());
        common.extend((packed.len() as u32).to_le_bytes());
        common.extend((size as u32).to_le_bytes());
        common.extend((name.len() as u16).to_le_bytes());
        common.extend(0u16.to_le_bytes()); // extra
        if local {
            self.out.extend(b"PK\x03\x04");
            self.out.extend(20u16.to_le_bytes());
            self.out.extend(&common);
            self.out.extend(name.as_bytes());
            self.out.extend(packed);
        }
        self.central.extend(b"PK\x01\x02");
        self.central.extend(20u16.to_le_bytes());
        self.central.extend(20u16.to_le_bytes());
        self.central.extend(&common);
        self.central.extend([0u8; 10]); // comment length, disk, attributes
        self.central.extend(offset.to_le_bytes());
        self.central.extend(name.as_bytes());
        self.count += 1;
    }

    /// Adds `data`, deflated.
    pub fn add_deflated(&mut self, name: &str, data: &[u8]) {
        self.add(name, data.len(), &deflate(data), 8, crc32(data), true);
    }

    /// The archive.
    pub fn finish(mut self) -> Vec<u8> {
        let at = self.out.len() as u32;
        let count = (self.count.min(0xffff) as u16).to_le_bytes();
        self.out.extend(&self.central);
        self.out.extend(b"PK\x05\x06");
        self.out.extend([0u8; 4]);
        self.out.extend(count);
        self.out.extend(count);
        self.out.extend((self.central.len() as u32).to_le_bytes());
        self.out.extend(at.to_le_bytes());
        self.out.extend([0u8; 2]);
        self.out
    }
}
